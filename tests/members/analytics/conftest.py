import json

import pytest
from django.urls import reverse

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def send_beacon(client):
    """POST a beacon the way analytics.js does (text/plain JSON), from a browser."""

    def send(
        payload: dict, *, address: str = "203.0.113.7", user_agent: str = BROWSER_UA, **headers
    ):
        return client.post(
            reverse("members:analytics-beacon"),
            data=json.dumps(payload),
            content_type="text/plain",
            REMOTE_ADDR=address,
            headers={"User-Agent": user_agent, **headers},
        )

    return send
