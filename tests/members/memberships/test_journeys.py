"""Members' journeys through the fake Stripe, from joining to ending."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.campaigns.models import PublicSupporter
from members.memberships.models import Membership, MembershipStart
from tests.factories import UserFactory
from tests.members.factories import PlanPriceFactory
from tests.members.memberships.journeys import join, thanks

pytestmark = pytest.mark.django_db

DAY = 86400


@pytest.fixture
def monthly():
    return PlanPriceFactory(amount=500, currency="eur", interval="month")


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_join_pay_manage_cancel_and_end(client, reader, monthly, stripe_fake, deliver):
    client.force_login(reader)

    session_id = join(client, monthly)
    stripe_fake.pay_checkout_session(session_id)
    deliver()

    membership = Membership.objects.get(user=reader)
    subscription = stripe_fake.get(membership.stripe_subscription_id)
    assert membership.status == Membership.Status.ACTIVE
    assert (membership.plan, membership.amount, membership.interval) == (monthly.plan, 500, "month")
    period_end = subscription["items"]["data"][0]["current_period_end"]
    assert int(membership.paid_through.timestamp()) == period_end
    assert subjects() == ["Welcome, you are now a member of The Kyiv Ledger"]

    account = client.get(reverse("members:membership-account"))
    html = account.content.decode()
    assert "Active" in html
    assert "€5 a month" in html
    assert "Manage billing" in html
    (invoice,) = stripe_fake.objects("invoice")
    link = f'<a href="{invoice["hosted_invoice_url"]}" rel="noopener">'
    assert f"{link}View invoice {invoice['number']}</a>" in html

    portal = client.post(reverse("members:membership-billing-portal"))
    assert portal.status_code == 303
    assert "/p/session/" in portal.url

    stripe_fake.cancel_subscription(subscription["id"], at_period_end=True)
    deliver()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLING
    assert subjects()[1:] == ["Your The Kyiv Ledger membership will end"]
    assert "Ends on" in client.get(reverse("members:membership-account")).content.decode()

    stripe_fake.advance_clock(days=32)
    deliver()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.ended_at is not None
    assert subjects()[2:] == ["Your The Kyiv Ledger membership has ended"]
    assert MembershipStart.objects.filter(membership=membership).count() == 1


def test_failed_renewal_makes_past_due_until_the_card_is_updated(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    membership = Membership.objects.get(user=reader)
    first_paid_through = membership.paid_through

    stripe_fake.fail_renewal(membership.stripe_subscription_id)
    deliver()

    membership.refresh_from_db()
    assert membership.status == Membership.Status.PAST_DUE
    assert membership.paid_through == first_paid_through
    failed_email = mail.outbox[-1]
    assert failed_email.subject == "Your The Kyiv Ledger membership payment failed"
    assert "update your card" in failed_email.body
    open_invoice = stripe_fake.get(
        stripe_fake.get(membership.stripe_subscription_id)["latest_invoice"]
    )
    assert open_invoice["hosted_invoice_url"] in failed_email.body
    assert "/account/membership/" in failed_email.body
    account = client.get(reverse("members:membership-account")).content.decode()
    assert "Your last payment failed" in account

    stripe_fake.update_card(membership.stripe_subscription_id)
    deliver()

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.paid_through > first_paid_through
    assert len(mail.outbox) == 2  # welcome, payment failed: paying again sends nothing


def test_a_card_needing_authentication_gets_an_email_with_the_link(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    membership = Membership.objects.get(user=reader)

    stripe_fake.require_authentication(membership.stripe_subscription_id)
    deliver()

    assert subjects()[-1] == "Please confirm your The Kyiv Ledger membership payment"
    assert Membership.objects.get(user=reader).status == Membership.Status.PAST_DUE


def test_the_thank_you_page_is_right_before_the_webhook_arrives(
    client, reader, monthly, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    session_id = join(client, monthly)
    stripe_fake.pay_checkout_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = thanks(client, session_id)

    assert response.status_code == 200
    assert "Thank you, you are a member" in response.content.decode()
    assert Membership.objects.get(user=reader).status == Membership.Status.ACTIVE
    deliver()  # the late webhook finds the work done
    assert Membership.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_unpaid_checkout_says_nothing_was_charged(client, reader, monthly, stripe_fake):
    client.force_login(reader)
    session_id = join(client, monthly)

    response = thanks(client, session_id)

    assert "Your payment has not gone through yet" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_reader_without_an_account_gets_one_for_the_address_paid_with(
    client, monthly, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    session_id = join(client, monthly, email="new.member@example.com")
    stripe_fake.pay_checkout_session(session_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = thanks(client, session_id)
    deliver()

    html = response.content.decode()
    assert "We created an account for <strong>new.member@example.com</strong>" in html
    membership = Membership.objects.get()
    user = membership.user
    assert user.email == "new.member@example.com"
    assert not user.has_usable_password()
    assert not user.emailaddress_set.get().verified  # allauth confirms it at first sign-in
    (welcome,) = mail.outbox
    assert welcome.to == ["new.member@example.com"]
    assert "/accounts/password/reset/key/" in welcome.body

    # Coming back to join again, the same address is sent to sign in instead of paying twice.
    again = client.post(
        reverse("members:join"),
        {"attempt": "4f1c7c8e-6c36-4a50-9d0b-1f7d2c6b8a10", "price": monthly.pk,
         "email": "New.Member@example.com"},
    )  # fmt: skip
    assert "This address already has a membership" in again.content.decode()


def test_paying_without_signing_in_links_to_the_existing_account(
    client, reader, monthly, stripe_fake, deliver
):
    session_id = join(client, monthly, email="Reader@Example.com")
    stripe_fake.pay_checkout_session(session_id)
    deliver()

    assert Membership.objects.get().user == reader
    welcome = mail.outbox[0]
    assert "/accounts/password/reset/key/" not in welcome.body


def test_a_reader_chosen_amount_is_charged(client, reader, stripe_fake, deliver):
    price = PlanPriceFactory(amount=1200, minimum_custom_amount=1200, interval="year")
    client.force_login(reader)

    stripe_fake.pay_checkout_session(join(client, price, amount="150"))
    deliver()

    membership = Membership.objects.get()
    assert (membership.amount, membership.interval, membership.plan) == (15000, "year", price.plan)
    invoice = stripe_fake.objects("invoice")[0]
    assert invoice["amount_paid"] == 15000


def test_a_double_submitted_join_form_makes_one_checkout(client, reader, monthly, stripe_fake):
    client.force_login(reader)
    data = {"attempt": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "price": monthly.pk}

    first = client.post(reverse("members:join"), data)
    second = client.post(reverse("members:join"), data)

    assert first.url == second.url
    assert len(stripe_fake.objects("checkout.session")) == 1


def test_joining_again_after_ending_reuses_the_stripe_customer(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    membership = Membership.objects.get()
    stripe_fake.cancel_subscription(membership.stripe_subscription_id)
    deliver()
    assert Membership.objects.get().status == Membership.Status.ENDED

    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()

    again = Membership.objects.get()
    assert again.status == Membership.Status.ACTIVE
    assert again.stripe_subscription_id != membership.stripe_subscription_id
    assert again.stripe_customer_id == membership.stripe_customer_id
    assert len(stripe_fake.objects("customer")) == 1
    assert MembershipStart.objects.filter(membership=again).count() == 2


def test_a_new_account_chooses_a_password_and_confirms_its_address(
    client, monthly, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    stripe_fake.pay_checkout_session(join(client, monthly, email="new.member@example.com"))
    deliver()
    (welcome,) = mail.outbox
    reset_path = re.search(r"http://[^/]+(/accounts/password/reset/key/\S+)", welcome.body)[1]
    reader = Client()

    with django_capture_on_commit_callbacks(execute=True):
        form_page = reader.get(reset_path, follow=True)
        reader.post(
            form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path,
            {"password1": "a new long passphrase", "password2": "a new long passphrase"},
        )
        reader.post(
            reverse("account_login"),
            {"login": "new.member@example.com", "password": "a new long passphrase"},
        )
    confirmation = mail.outbox[-1]
    assert "confirm" in confirmation.subject.lower()
    confirm_path = re.search(r"http://[^/]+(/accounts/confirm-email/\S+)", confirmation.body)[1]
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(confirm_path)

    account = reader.get(reverse("members:membership-account"))
    assert account.status_code == 200
    assert "Active" in account.content.decode()
    assert Membership.objects.get().user.emailaddress_set.get().verified


def test_refunding_the_first_payment_marks_the_start_refunded(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    start = MembershipStart.objects.get()
    first_invoice = stripe_fake.get(start.stripe_invoice_id)
    assert first_invoice["amount_paid"] == 500

    stripe_fake.client().v1.refunds.create(
        params={"payment_intent": stripe_fake.objects("payment_intent")[0]["id"]}
    )
    deliver()

    start.refresh_from_db()
    assert start.refunded_at is not None


def test_refunding_a_later_payment_or_part_of_one_keeps_the_start(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    first_intent = stripe_fake.objects("payment_intent")[0]["id"]
    stripe_fake.renew_subscription(Membership.objects.get().stripe_subscription_id)
    deliver()
    renewal_intent = stripe_fake.objects("payment_intent")[0]["id"]
    assert renewal_intent != first_intent
    refunds = stripe_fake.client().v1.refunds

    refunds.create(params={"payment_intent": renewal_intent})
    refunds.create(params={"payment_intent": first_intent, "amount": 100})
    deliver()

    assert MembershipStart.objects.get().refunded_at is None
    assert Membership.objects.get().status == Membership.Status.ACTIVE


def test_an_expired_checkout_says_nothing_was_charged(client, reader, monthly, stripe_fake):
    client.force_login(reader)
    session_id = join(client, monthly)
    stripe_fake.expire_checkout_session(session_id)

    response = thanks(client, session_id)

    assert "This checkout has expired" in response.content.decode()
    assert not Membership.objects.exists()


def test_billing_follows_the_customer_paying_the_current_subscription(
    client, reader, monthly, stripe_fake, deliver
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, monthly))
    deliver()
    first = Membership.objects.get()
    stripe_fake.cancel_subscription(first.stripe_subscription_id)
    deliver()
    client.logout()

    stripe_fake.pay_checkout_session(join(client, monthly, email=reader.email))
    deliver()

    again = Membership.objects.get()
    assert again.status == Membership.Status.ACTIVE
    paying_customer = stripe_fake.get(again.stripe_subscription_id)["customer"]
    assert paying_customer != first.stripe_customer_id
    assert again.stripe_customer_id == paying_customer


def test_an_unverified_address_on_someone_elses_account_does_not_capture_a_payment(
    client, monthly, stripe_fake, deliver
):
    # Someone added the payer's address to their own account without verifying it.
    squatter = UserFactory(email="squatter@example.com")
    EmailAddress.objects.create(user=squatter, email="payer@example.com", verified=False)

    stripe_fake.pay_checkout_session(join(client, monthly, email="payer@example.com"))
    deliver()

    membership = Membership.objects.get()
    assert membership.user != squatter
    assert membership.user.email == "payer@example.com"
    assert not Membership.objects.filter(user=squatter).exists()
    # The payer gets their own account, as a new reader would: choose a password.
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["payer@example.com"]


def test_a_payer_cannot_name_someone_elses_account_on_the_supporter_wall(
    client, reader, monthly, stripe_fake, deliver
):
    session_id = join(
        client,
        monthly,
        email=reader.email,
        naming={"named": "on", "public_first_name": "Prankster", "public_city": "Nowhere"},
    )
    stripe_fake.pay_checkout_session(session_id)
    deliver()

    assert Membership.objects.get().user == reader  # their verified address: theirs
    assert not PublicSupporter.objects.filter(user=reader).exists()
