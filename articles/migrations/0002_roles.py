"""Create the Reporter and Editor groups with their permissions (see articles.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = "Reporter"
EDITOR = "Editor"
# Copied from articles.roles at the time of writing: a migration must not import
# code that may change later.
REPORTER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_author",
    "articles.view_section",
    "taggit.view_tag",
    "taggit.add_tag",
]
EDITOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.delete_article",
    "articles.view_article",
    "articles.publish_article",
    "articles.add_author",
    "articles.change_author",
    "articles.view_author",
    "articles.add_section",
    "articles.change_section",
    "articles.view_section",
    "articles.add_brief",
    "articles.change_brief",
    "articles.delete_brief",
    "articles.view_brief",
    "articles.add_editorspick",
    "articles.change_editorspick",
    "articles.delete_editorspick",
    "articles.view_editorspick",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "taggit.view_tag",
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run
    # (post_migrate); create them now so the groups can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in [(REPORTER, REPORTER_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REPORTER, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
