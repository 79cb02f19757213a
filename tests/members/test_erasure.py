"""Financial records are never deleted by accident; personal data can be erased.

Staff who try to delete an account, a membership or a gift with payment history
are refused with the reason; "Erase personal data" forgets the person and keeps
the anonymised ledger, and Stripe's later events never bring the address back.
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.campaigns.models import CampaignCounter, PublicSupporter
from members.gifts.models import Gift
from members.memberships.joining import membership_fulfil_checkout
from members.memberships.models import Membership, MembershipStart
from members.newsletters.models import NewsletterSubscription
from newsroom.clock import newsroom_today
from tests.factories import UserFactory
from tests.members.campaigns.factories import CampaignFactory, start_membership
from tests.members.factories import PlanPriceFactory
from tests.members.gifts.factories import GiftFactory
from tests.members.memberships.journeys import join
from tests.members.newsletters.factories import NewsletterFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def campaign(db):
    today = newsroom_today()
    return CampaignFactory(starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=3))


@pytest.fixture
def member(campaign):
    user = UserFactory(email="oksana@example.com", first_name="Oksana", last_name="Koval")
    start_membership(user=user)
    PublicSupporter.objects.create(user=user, first_name="Oksana", city="Lviv")
    SubscriptionFactory(newsletter=NewsletterFactory(), email=user.email, user=user)
    return user


def test_deleting_a_member_account_is_refused_with_the_reason(admin_client, member):
    url = reverse("admin:newsroom_user_delete", args=[member.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"})

    assert "payment history" in page
    assert "Erase personal data" in page
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    assert MembershipStart.objects.count() == 1


def test_bulk_deleting_memberships_with_payments_is_refused(admin_client, member):
    response = admin_client.post(
        reverse("admin:members_membership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [member.membership.pk],
            "post": "yes",
        },
    )

    assert "payment history" in response.content.decode()
    assert Membership.objects.filter(user=member).exists()


def test_a_paid_gift_cannot_be_deleted_but_an_abandoned_checkout_can(admin_client):
    paid = GiftFactory()
    abandoned = GiftFactory(
        status=Gift.Status.AWAITING_PAYMENT,
        paid_at=None,
        expires_at=None,
        stripe_payment_intent_id=None,
    )

    refused = admin_client.post(
        reverse("admin:members_gift_delete", args=[paid.pk]), {"post": "yes"}
    )
    admin_client.post(reverse("admin:members_gift_delete", args=[abandoned.pk]), {"post": "yes"})

    assert "paid through Stripe" in refused.content.decode()
    assert list(Gift.objects.all()) == [paid]


def test_erasing_keeps_the_ledger_and_forgets_the_person(admin_client, member, campaign):
    counted = CampaignCounter.objects.get(pk=campaign.pk).members

    response = admin_client.post(
        reverse("admin:newsroom_user_changelist"),
        {"action": "erase_personal_data", "_selected_action": [member.pk]},
        follow=True,
    )

    assert "payment history is kept" in response.content.decode()
    member.refresh_from_db()
    assert "oksana" not in member.email.lower()
    assert (member.first_name, member.last_name, member.is_active) == ("", "", False)
    assert not member.has_usable_password()
    assert not PublicSupporter.objects.exists()
    assert not NewsletterSubscription.objects.exists()
    assert not EmailAddress.objects.filter(email__iexact="oksana@example.com").exists()
    # The anonymised ledger stays exact.
    assert Membership.objects.get(user=member)
    assert MembershipStart.objects.count() == 1
    assert CampaignCounter.objects.get(pk=campaign.pk).members == counted == 1


def test_a_later_stripe_event_does_not_bring_an_erased_address_back(
    client, admin_client, stripe_fake, deliver
):
    session_id = join(client, PlanPriceFactory(), email="payer@example.com")
    stripe_fake.pay_checkout_session(session_id)
    deliver()
    payer = User.objects.get(email="payer@example.com")
    admin_client.post(
        reverse("admin:newsroom_user_changelist"),
        {"action": "erase_personal_data", "_selected_action": [payer.pk]},
    )

    membership_fulfil_checkout(session_id=session_id)  # e.g. the thank-you page again
    stripe_fake.renew_subscription(Membership.objects.get().stripe_subscription_id)
    deliver()

    assert not User.objects.filter(email__iexact="payer@example.com").exists()
    assert Membership.objects.get().user == payer
    assert Membership.objects.get().status == Membership.Status.ACTIVE
