"""Buying a gift through the views, the way a giver's browser does."""

import uuid

from django.urls import reverse

from members.gifts.models import Gift
from newsroom.clock import newsroom_today


def gift_form_data(price, **overrides) -> dict:
    data = {
        "duration": str(price.pk),
        "recipient_name": "Oksana",
        "recipient_email": "friend@example.com",
        "message": "Happy birthday! <b>Read</b> the front-line reports.",
        "deliver_on": newsroom_today().isoformat(),
        "giver_name": "Taras",
        "giver_email": "giver@example.com",
        "attempt": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def gift_checkout_start(client, price, **overrides) -> Gift:
    """Submit the gift form; return the gift waiting for payment at Stripe."""
    data = gift_form_data(price, **overrides)
    response = client.post(reverse("members:gift"), data)
    assert response.status_code == 303, response.content.decode()[:2000]
    gift = Gift.objects.get(attempt=data["attempt"])
    assert response["Location"].endswith(f"/c/pay/{gift.stripe_checkout_session_id}")
    return gift
