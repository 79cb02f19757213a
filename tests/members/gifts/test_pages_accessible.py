"""axe-core (WCAG 2.2 AA) on the gift pages the browser journey does not visit."""

import pytest
from django.urls import reverse

from members.gifts.models import Gift
from tests.browser import assert_accessible
from tests.factories import PASSWORD
from tests.members.factories import PlanPriceFactory

from .factories import GiftFactory


@pytest.mark.django_db(transaction=True)
def test_the_code_entry_refusal_and_continue_pages_are_accessible(page, live_url, recipient):
    PlanPriceFactory()
    refunded = GiftFactory(status=Gift.Status.REFUNDED)
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email").fill(recipient.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_url + reverse("members:gift-redeem-enter"))
    page.get_by_role("button", name="Continue").click()  # empty: the error is announced
    assert page.get_by_text("Please check it").is_visible()
    assert_accessible(page)

    page.goto(live_url + reverse("members:gift-redeem", kwargs={"code": refunded.code}))
    assert page.get_by_role("status").get_by_text("This gift was refunded").is_visible()
    assert_accessible(page)

    page.goto(live_url + reverse("members:gift-redeem", kwargs={"code": GiftFactory().code}))
    page.get_by_role("button", name="Redeem my gift").click()
    page.goto(live_url + reverse("members:gift-continue"))
    assert page.get_by_role("heading", name="Stay a member").is_visible()
    assert_accessible(page)
