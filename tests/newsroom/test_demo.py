from django.apps import apps
from django.core.management import call_command

from newsroom.management.commands.load_demo import DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("newsroom", "articles", "members")
        for model in apps.get_app_config(app).get_models()
    }


def test_demo_creates_an_editor_who_can_sign_in(client, db, settings):
    settings.DEBUG = True  # a development site
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert client.login(email=DEMO_EDITOR_EMAIL, password=DEMO_EDITOR_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_demo_loaded_twice_duplicates_nothing(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert row_counts() == first
    assert first["newsroom.User"] >= 1
