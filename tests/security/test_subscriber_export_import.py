"""The subscriber list leaves or enters the site only with the matching permission,
and an import that confirms addresses leaves a record of who vouched for them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import roles
from members.newsletters.models import NewsletterSubscription, SubscriberImport
from tests.factories import UserFactory
from tests.members.newsletters.factories import NewsletterFactory, SubscriptionFactory

EXPORT_URL = "/admin/members/newslettersubscription/export/"
IMPORT_URL = "/admin/members/newslettersubscription/import/"
PROCESS_URL = "/admin/members/newslettersubscription/process_import/"
EXPORT_FIELDS = {
    f"subscriptionresource_{f}": "on"
    for f in ["email", "newsletter", "status", "created_at", "confirmed_at", "unsubscribed_at"]
}
CSV_TEXT = (
    "email,newsletter,status\n"
    "first@example.com,briefing,confirmed\n"
    "second@example.com,briefing,confirmed\n"
    "third@example.com,briefing,unsubscribed\n"
)


@pytest.fixture
def newsletter(db):
    return NewsletterFactory(name="Briefing", slug="briefing")


def _staff(*codenames: str, group: str | None = None):
    user = UserFactory(is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def _upload():
    return SimpleUploadedFile("list.csv", CSV_TEXT.encode(), content_type="text/csv")


@pytest.mark.parametrize(
    "codenames",
    [
        [],  # a Reporter: staff, editorial permissions only
        ["view_newslettersubscription", "change_newslettersubscription"],
    ],
)
def test_staff_without_the_export_permission_cannot_download_the_list(
    client, newsletter, codenames
):
    SubscriptionFactory(newsletter=newsletter, email="secret@example.com")
    client.force_login(_staff(*codenames, group=roles.REPORTER))

    assert client.get(EXPORT_URL).status_code == 403
    response = client.post(EXPORT_URL, {"format": "0", "resource": "0", **EXPORT_FIELDS})
    assert response.status_code == 403
    assert b"secret@example.com" not in response.content


@pytest.mark.parametrize(
    "codenames", [[], ["view_newslettersubscription", "change_newslettersubscription"]]
)
def test_staff_without_the_import_permission_cannot_change_the_list(client, newsletter, codenames):
    client.force_login(_staff(*codenames, group=roles.REPORTER))

    assert client.get(IMPORT_URL).status_code == 403
    preview = client.post(IMPORT_URL, {"import_file": _upload(), "format": "0", "resource": "0"})
    assert preview.status_code == 403
    forged = client.post(
        PROCESS_URL,
        {"import_file_name": "x", "original_file_name": "list.csv", "format": "0", "resource": "0"},
    )
    assert forged.status_code == 403
    assert not NewsletterSubscription.objects.exists()
    assert not SubscriberImport.objects.exists()


def test_staff_with_the_export_permission_can_download_the_list(client, newsletter):
    SubscriptionFactory(newsletter=newsletter, email="reader@example.com")
    client.force_login(_staff("view_newslettersubscription", "export_newslettersubscription"))

    response = client.post(EXPORT_URL, {"format": "0", "resource": "0", **EXPORT_FIELDS})

    assert response.status_code == 200
    assert b"reader@example.com" in response.content


def test_an_import_that_confirms_addresses_is_recorded_with_who_when_and_how_many(
    client, newsletter
):
    SubscriptionFactory(newsletter=newsletter, email="first@example.com", status="pending")
    importer = _staff(
        "view_newslettersubscription",
        "add_newslettersubscription",
        "change_newslettersubscription",
        "import_newslettersubscription",
    )
    client.force_login(importer)

    preview = client.post(IMPORT_URL, {"import_file": _upload(), "format": "0", "resource": "0"})
    assert preview.status_code == 200
    assert not SubscriberImport.objects.exists()  # the preview records nothing
    form = preview.context["confirm_form"]
    response = client.post(PROCESS_URL, {**form.initial, "resource": "0"})
    assert response.status_code == 302

    record = SubscriberImport.objects.get()
    assert record.imported_by == importer
    assert record.file_name == "list.csv"
    assert (record.added, record.updated, record.marked_confirmed) == (2, 1, 2)
    assert record.imported_at is not None

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    listing = client.get("/admin/members/subscriberimport/").content.decode()
    assert "list.csv" in listing
    assert importer.email in listing
