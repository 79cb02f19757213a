"""Who may do what with articles: the Reporter and Editor roles and one helper per question.

Groups are created by migration 0002, and kept in step by `roles_ensure` after every
migrate or flush (a flush, as in transactional tests, empties the tables the
migration filled). A Reporter writes and edits their own drafts
and submits them for review; an Editor (the `articles.publish_article` permission)
schedules, publishes and unpublishes anything and manages briefs and picks.
"""

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

REPORTER = "Reporter"
EDITOR = "Editor"

# Statuses a user without `publish_article` may give an article.
REPORTER_STATUSES = ("draft", "review")

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
    "articles.add_articleaudio",
    "articles.change_articleaudio",
    "articles.view_articleaudio",
    "articles.add_importrun",
    "articles.view_importrun",
    "newsroom.add_redirect",
    "newsroom.change_redirect",
    "newsroom.delete_redirect",
    "newsroom.view_redirect",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "taggit.view_tag",
    "articles.add_tagname",
    "articles.change_tagname",
    "articles.delete_tagname",
    "articles.view_tagname",
]


def can_publish(user: AbstractBaseUser) -> bool:
    return user.is_active and user.is_staff and user.has_perm("articles.publish_article")


def is_own_article(user: AbstractBaseUser, article) -> bool:
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return any(link.author.user_id == user.pk for link in article.article_authors.all())


def can_edit_article(user: AbstractBaseUser, article) -> bool:
    """Editors edit anything; reporters their own articles while not yet scheduled."""
    if not (user.is_active and user.is_staff and user.has_perm("articles.change_article")):
        return False
    if can_publish(user):
        return True
    return article.status in REPORTER_STATUSES and is_own_article(user, article)


def can_preview_article(user: AbstractBaseUser, article) -> bool:
    if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
        return False
    return can_publish(user) or is_own_article(user, article)


def roles_ensure(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create the Reporter and Editor groups if missing and give them their permissions.

    Connected to post_migrate for this app. Permissions are created here first
    because this app's post_migrate handlers may run before auth's own.
    """
    from django.contrib.auth.models import Group, Permission

    for label in ("articles", "taggit", "newsroom"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    for name, codes in ((REPORTER, REPORTER_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.add(*wanted)
