"""Ghost members move in: accounts, newsletter choices and their existing Stripe subscriptions."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from members.memberships.models import Membership, MembershipStart
from members.newsletters.models import Newsletter, NewsletterSubscription
from newsroom.models import User
from tests.importers.conftest import GHOST_EXPORT

pytestmark = pytest.mark.django_db


def export_with_members(tmp_path):
    document = json.loads(GHOST_EXPORT.read_text())
    data = document["db"][0]["data"]
    data["newsletters"] = [
        {"id": "n1", "name": "Morning Brief", "slug": "morning-brief", "status": "active"},
        {"id": "n2", "name": "Weekend Reads", "slug": "weekend", "status": "active"},
    ]
    data["members"] = [
        {"id": "m1", "email": "Paying@Example.com", "name": "Petro Pay", "status": "paid"},
        {"id": "m2", "email": "free@example.com", "name": "Fedir Free", "status": "free"},
        {"id": "m3", "email": "comped@example.com", "name": "", "status": "comped"},
        {"id": "m4", "email": "", "name": "No Address", "status": "free"},
        {"id": "m5", "email": "left@example.com", "name": "", "status": "free"},
    ]
    data["members_newsletters"] = [
        {"member_id": "m1", "newsletter_id": "n1"},
        {"member_id": "m2", "newsletter_id": "n1"},
        {"member_id": "m2", "newsletter_id": "n2"},
        {"member_id": "m5", "newsletter_id": "n1"},
    ]
    data["members_stripe_customers"] = [{"member_id": "m1", "customer_id": "cus_ghost1"}]
    data["members_stripe_customers_subscriptions"] = [
        {
            "customer_id": "cus_ghost1",
            "subscription_id": "sub_ghost1",
            "status": "active",
            "cancel_at_period_end": False,
            "current_period_end": "2027-01-15 10:00:00",
            "start_date": "2024-01-15 10:00:00",
            "plan_amount": 800,
            "plan_currency": "EUR",
            "plan_interval": "month",
        },
        {
            "customer_id": "cus_ghost1",
            "subscription_id": "sub_ghost_old",
            "status": "canceled",
            "current_period_end": "2023-01-15 10:00:00",
        },
    ]
    path = tmp_path / "ghost-members.json"
    path.write_text(json.dumps(document))
    return path


def test_members_arrive_with_newsletters_and_their_stripe_subscription(tmp_path):
    path = export_with_members(tmp_path)
    weekend = Newsletter.objects.create(name="Weekend", slug="weekend")
    NewsletterSubscription.objects.create(
        newsletter=weekend,
        email="left@example.com",
        status=NewsletterSubscription.Status.UNSUBSCRIBED,
    )
    out = StringIO()

    call_command("import_ghost", str(path), "--no-download", stdout=out)

    payer = User.objects.get(email="paying@example.com")
    assert (payer.first_name, payer.last_name) == ("Petro", "Pay")
    assert not payer.has_usable_password()
    membership = Membership.objects.get(user=payer)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.stripe_subscription_id == "sub_ghost1"
    assert membership.stripe_customer_id == "cus_ghost1"
    assert (membership.amount, membership.currency, membership.interval) == (800, "eur", "month")
    assert membership.paid_through.isoformat() == "2027-01-15T10:00:00+00:00"
    # An existing member, not a new one: no campaign start, no welcome email.
    assert MembershipStart.objects.count() == 0
    assert mail.outbox == []

    confirmed = NewsletterSubscription.objects.filter(status="confirmed")
    assert sorted(confirmed.values_list("email", "newsletter__slug")) == [
        ("free@example.com", "morning-brief"),
        ("free@example.com", "weekend"),
        ("left@example.com", "morning-brief"),
        ("paying@example.com", "morning-brief"),
    ]
    # Ghost's "weekend" is matched to ours by slug; who unsubscribed here stays so.
    assert NewsletterSubscription.objects.get(
        email="left@example.com", newsletter=weekend
    ).status == ("unsubscribed")
    report = out.getvalue()
    assert "member m4: no email address" in report
    assert "comped@example.com: complimentary in Ghost" in report
    assert Membership.objects.count() == 1

    again = StringIO()
    call_command("import_ghost", str(path), "--no-download", stdout=again)
    assert "Unchanged: 2 articles, 4 members, 1 memberships" in again.getvalue()
    assert NewsletterSubscription.objects.count() == 5
    assert MembershipStart.objects.count() == 0


def test_members_can_be_left_out(tmp_path):
    call_command(
        "import_ghost",
        str(export_with_members(tmp_path)),
        "--no-members",
        "--no-download",
        stdout=StringIO(),
    )

    assert not User.objects.filter(email="free@example.com").exists()
