"""The recipient redeems a gift into a membership, exactly once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.gifts.models import Gift
from members.memberships.models import Membership, MembershipStart
from newsroom.clock import add_months
from tests.factories import UserFactory

from .factories import GiftFactory

pytestmark = pytest.mark.django_db


def redeem_url(gift: Gift) -> str:
    return reverse("members:gift-redeem", kwargs={"code": gift.code})


def test_the_link_asks_a_signed_out_reader_to_sign_in_and_come_back(client):
    gift = GiftFactory()

    response = client.get(redeem_url(gift))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={redeem_url(gift)}"


def test_the_page_shows_who_gave_it_and_their_message(client, recipient):
    gift = GiftFactory(message="For the long\nwinter evenings")
    client.force_login(recipient)

    page = client.get(redeem_url(gift)).content.decode()

    assert "Taras gave you 3 months of membership" in page
    assert "For the long<br>winter evenings" in page
    assert "Redeem my gift" in page


def test_redeeming_makes_the_reader_a_member_for_the_gifts_length(
    client, recipient, django_capture_on_commit_callbacks
):
    gift = GiftFactory()
    MembershipStart.objects.create(reference=f"gift:{gift.pk}", source="gift")
    client.force_login(recipient)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(redeem_url(gift))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:membership-account")
    membership = Membership.objects.get(user=recipient)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.source == Membership.Source.GIFT
    assert add_months(before, 3) <= membership.paid_through <= add_months(timezone.now(), 3)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REDEEMED
    assert gift.redeemed_by == recipient
    # The start counted at payment now has its member, and no second start appeared.
    assert MembershipStart.objects.get().membership == membership
    assert sorted(message.to[0] for message in mail.outbox) == [
        "friend@example.com",
        "giver@example.com",
    ]
    giver_notice = next(m for m in mail.outbox if m.to == ["giver@example.com"])
    assert "Oksana redeemed your gift" in giver_notice.subject
    account = client.get(reverse("members:membership-account")).content.decode()
    assert "Your gift is redeemed: 3 months of membership" in account


def test_a_used_code_is_refused_with_a_clear_message(client, recipient):
    first = UserFactory()
    gift = GiftFactory()
    client.force_login(first)
    client.post(redeem_url(gift))
    client.force_login(recipient)

    response = client.post(redeem_url(gift), follow=True)

    assert "This gift has already been redeemed." in response.content.decode()
    assert not Membership.objects.filter(user=recipient).exists()


@pytest.mark.parametrize(
    ("gift_options", "message"),
    [
        ({"status": Gift.Status.REFUNDED}, "This gift was refunded to the giver"),
        ({"status": Gift.Status.EXPIRED}, "This gift expired"),
        # Past its expiry, even before the sweep has marked it expired.
        (
            {"expires_at": timezone.now() - timedelta(minutes=1)},
            "This gift expired",
        ),
        ({"status": Gift.Status.AWAITING_PAYMENT}, "This gift has not been paid for yet."),
    ],
)
def test_a_refunded_expired_or_unpaid_code_is_refused(client, recipient, gift_options, message):
    gift = GiftFactory(**gift_options)
    client.force_login(recipient)

    shown = client.get(redeem_url(gift)).content.decode()
    posted = client.post(redeem_url(gift), follow=True).content.decode()

    assert message in shown
    assert "Redeem my gift" not in shown
    assert message in posted
    assert not Membership.objects.filter(user=recipient).exists()


def test_an_unknown_code_is_not_found(client, recipient):
    client.force_login(recipient)

    response = client.get(reverse("members:gift-redeem", kwargs={"code": "A" * 32}))

    assert response.status_code == 404
    assert "We don't know this gift code" in response.content.decode()


def test_guessing_codes_is_stopped_after_twenty_tries_an_hour(client, recipient):
    client.force_login(recipient)
    guesses = [reverse("members:gift-redeem", kwargs={"code": f"{n:032d}"}) for n in range(21)]

    statuses = [client.get(guess).status_code for guess in guesses]

    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_a_second_gift_lengthens_a_gift_membership(client, recipient):
    client.force_login(recipient)
    client.post(redeem_url(GiftFactory()))
    first_end = Membership.objects.get(user=recipient).paid_through

    client.post(redeem_url(GiftFactory(duration_months=1, price__duration_months=1)))

    membership = Membership.objects.get(user=recipient)
    assert membership.paid_through == add_months(first_end, 1)
    assert membership.status == Membership.Status.ACTIVE


def test_an_ended_member_gets_a_fresh_gift_membership(client, recipient):
    Membership.objects.create(
        user=recipient,
        status=Membership.Status.ENDED,
        stripe_subscription_id="sub_old_ended",
        stripe_customer_id="cus_old",
        paid_through=timezone.now() - timedelta(days=40),
    )
    client.force_login(recipient)

    client.post(redeem_url(GiftFactory()))

    membership = Membership.objects.get(user=recipient)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.source == Membership.Source.GIFT
    # The old subscription is forgotten, so its late events cannot end the gift.
    assert membership.stripe_subscription_id is None
    assert membership.stripe_customer_id == "cus_old"  # kept for continuing later
    assert membership.paid_through > timezone.now() + timedelta(days=80)


def test_typing_a_code_leads_to_its_gift(client, recipient):
    gift = GiftFactory()
    client.force_login(recipient)

    response = client.post(reverse("members:gift-redeem-enter"), {"code": f"  {gift.code} "})
    bad = client.post(reverse("members:gift-redeem-enter"), {"code": "short"})

    assert response["Location"] == redeem_url(gift)
    assert "Please check it" in bad.content.decode()


def test_the_redemption_page_makes_a_fixed_number_of_queries(
    client, recipient, django_assert_num_queries
):
    gift = GiftFactory()
    client.force_login(recipient)

    # 1. the session, 2. the signed-in user, 3. the gift (with who redeemed it),
    # 4. the reader's membership, 5. the header's sections, 6. the featured campaign
    # for the banner (cold cache). Rate limiting uses the cache, not the database.
    with django_assert_num_queries(6):
        response = client.get(redeem_url(gift))

    assert response.status_code == 200
