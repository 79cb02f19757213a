"""Editors in the admin: subscribers in and out as CSV, writing and sending issues."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from members.newsletters.models import NewsletterIssue, NewsletterSubscription

from .factories import IssueFactory, SubscriptionFactory

Status = NewsletterSubscription.Status


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def test_subscribers_export_to_csv(admin_client, newsletter, column):
    SubscriptionFactory(newsletter=newsletter, email="a@example.com")
    SubscriptionFactory(newsletter=column, email="b@example.com", status="pending")

    response = admin_client.post(
        "/admin/members/newslettersubscription/export/",
        {"format": "0", "resource": "0", **_all_export_fields()},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {(r["email"], r["newsletter"], r["status"]) for r in rows} == {
        ("a@example.com", "morning-briefing", "confirmed"),
        ("b@example.com", "letters-from-the-left-bank", "pending"),
    }


def _all_export_fields() -> dict[str, str]:
    fields = ["email", "newsletter", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    return {f"subscriptionresource_{field}": "on" for field in fields}


def _import(client, text: str):
    upload = SimpleUploadedFile("subscribers.csv", text.encode(), content_type="text/csv")
    preview = client.post(
        "/admin/members/newslettersubscription/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return preview


def test_an_import_keeps_confirmation_states_and_asks_the_unconfirmed_to_confirm(
    admin_client, newsletter, django_capture_on_commit_callbacks
):
    SubscriptionFactory(newsletter=newsletter, email="left@example.com", status="unsubscribed")
    text = (
        "email,newsletter,status\n"
        "Confirmed@Example.com,morning-briefing,confirmed\n"
        "new@example.com,morning-briefing,\n"
        "left@example.com,morning-briefing,confirmed\n"
    )

    preview = _import(admin_client, text)
    # Nothing is saved or sent by the preview.
    assert NewsletterSubscription.objects.count() == 1
    assert mail.outbox == []
    form = preview.context["confirm_form"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/members/newslettersubscription/process_import/",
            {**form.initial, "resource": "0"},
            follow=True,
        )

    assert response.status_code == 200
    states = dict(NewsletterSubscription.objects.values_list("email", "status"))
    assert states == {
        "confirmed@example.com": Status.CONFIRMED,
        "new@example.com": Status.PENDING,
        # A reader's unsubscribe beats an old list.
        "left@example.com": Status.UNSUBSCRIBED,
    }
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert mail.outbox[0].subject.startswith("Confirm your subscription")
    imported = NewsletterSubscription.objects.get(email="new@example.com")
    assert imported.source == NewsletterSubscription.Source.IMPORT


def test_an_import_reports_bad_rows_and_saves_nothing(admin_client, newsletter):
    preview = _import(
        admin_client,
        "email,newsletter,status\nnot-an-address,morning-briefing,confirmed\n",
    )
    assert "Enter a valid email address" in preview.content.decode()
    assert "confirm_form" not in preview.context or not preview.context["confirm_form"]
    assert not NewsletterSubscription.objects.exists()


def test_an_editor_sends_a_test_then_the_issue_and_sees_progress(
    admin_client, editor, newsletter, django_capture_on_commit_callbacks
):
    SubscriptionFactory(newsletter=newsletter, email="a@example.com")
    SubscriptionFactory(newsletter=newsletter, email="b@example.com")
    issue = IssueFactory(newsletter=newsletter)
    change = f"/admin/members/newsletterissue/{issue.pk}/change/"

    page = admin_client.get(change).content.decode()
    assert "Send a test to me" in page and "Send to subscribers" in page

    admin_client.post(f"/admin/members/newsletterissue/{issue.pk}/send-test/")
    assert [m.to for m in mail.outbox] == [[editor.email]]

    confirm = admin_client.get(f"/admin/members/newsletterissue/{issue.pk}/send/")
    assert "2</strong> confirmed subscribers" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/members/newsletterissue/{issue.pk}/send/")

    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["a@example.com", "b@example.com"]
    page = admin_client.get(change).content.decode()
    assert "<strong>2 / 2</strong> sent" in page
    assert "Send to subscribers" not in page
    listing = admin_client.get("/admin/members/newsletterissue/").content.decode()
    assert "2 / 2 sent" in listing


def test_sending_needs_the_send_permission(client, newsletter, django_user_model):
    from django.contrib.auth.models import Permission

    writer = django_user_model.objects.create_user("writer@example.com", "x", is_staff=True)
    writer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_newsletterissue", "change_newsletterissue"])
    )
    client.force_login(writer)
    issue = IssueFactory(newsletter=newsletter)
    SubscriptionFactory(newsletter=newsletter)

    assert client.post(f"/admin/members/newsletterissue/{issue.pk}/send/").status_code == 403
    assert client.post(f"/admin/members/newsletterissue/{issue.pk}/send-test/").status_code == 403
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT
    assert mail.outbox == []
