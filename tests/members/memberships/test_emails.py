"""Every member email has a subject, a text part and an HTML part, with working links."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.memberships import emails
from tests.members.factories import MembershipFactory, PlanPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(reader):
    return MembershipFactory(
        user=reader,
        plan=PlanPriceFactory().plan,
        paid_through=timezone.make_aware(datetime.datetime(2027, 1, 15, 12)),
    )


@pytest.mark.parametrize(
    ("send", "subject", "phrase"),
    [
        (emails.email_welcome, "Welcome, you are now a member", "Supporter membership is active"),
        (
            lambda m: emails.email_payment_failed(m, invoice_url="https://pay.example/i/1"),
            "membership payment failed",
            "https://pay.example/i/1",
        ),
        (
            lambda m: emails.email_payment_action_required(m, invoice_url=None),
            "Please confirm your",
            "http://127.0.0.1:8000/account/membership/",
        ),
        (emails.email_membership_ending, "membership will end", "ends on 15 January 2027"),
        (emails.email_membership_ended, "membership has ended", "/membership/"),
    ],
)
def test_member_emails_have_text_and_html(
    membership, django_capture_on_commit_callbacks, send, subject, phrase
):
    with django_capture_on_commit_callbacks(execute=True):
        send(membership)

    (message,) = mail.outbox
    assert message.to == ["reader@example.com"]
    assert subject in message.subject
    assert phrase in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert phrase.replace("&", "&amp;") in html


def test_the_welcome_email_asks_a_new_account_to_choose_a_password(
    reader, membership, django_capture_on_commit_callbacks
):
    reader.set_unusable_password()
    reader.save()

    with django_capture_on_commit_callbacks(execute=True):
        emails.email_welcome(membership)

    assert "/accounts/password/reset/key/" in mail.outbox[0].body
