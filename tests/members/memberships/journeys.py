"""Steps shared by the membership journeys: joining through the fake Stripe."""

import uuid
from urllib.parse import urlsplit

from django.urls import reverse

from members.memberships.views import SESSION_CHECKOUTS


def join(client, price, *, email: str = "", amount: str = "", naming: dict | None = None) -> str:
    """Press "Join" for `price` on the join page; returns the Checkout Session id."""
    data = {"attempt": str(uuid.uuid4()), "price": price.pk, **(naming or {})}
    if email:
        data["email"] = email
    if amount:
        data[f"amount_{price.pk}"] = amount
    response = client.post(reverse("members:join"), data)
    assert response.status_code == 303, response.content.decode()[:2000]
    session_id = client.session[SESSION_CHECKOUTS][-1]
    assert urlsplit(response.url).path == f"/c/pay/{session_id}"
    return session_id


def thanks(client, session_id: str):
    return client.get(reverse("members:membership-thanks"), {"session_id": session_id})
