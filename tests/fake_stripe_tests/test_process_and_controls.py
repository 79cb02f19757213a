"""Driving the fake from another process: the /_fake endpoints and the CLI."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import stripe

from tests.fake_stripe import FakeStripe

from .helpers import http_request, post_json, subscription_session

REPO = Path(__file__).resolve().parents[2]


def test_http_controls_pay_renew_fail_and_advance_the_clock(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    base = f"{fake_stripe.base_url}/_fake"
    session = subscription_session(stripe_client, monthly_price.id)

    status, paid = post_json(f"{base}/checkout/sessions/{session.id}/pay", {"email": "r@x.test"})
    assert status == 200 and paid["status"] == "complete"
    subscription_id = paid["subscription"]
    status, renewed = post_json(f"{base}/subscriptions/{subscription_id}/renew")
    assert status == 200 and renewed["status"] == "active"
    status, failed = post_json(f"{base}/subscriptions/{subscription_id}/fail_renewal")
    assert status == 200 and failed["status"] == "past_due"
    status, clock = post_json(f"{base}/clock/advance", {"days": 1})
    assert status == 200 and clock["offset"] == 86400
    status, error = post_json(f"{base}/checkout/sessions/cs_test_nope/pay")
    assert status == 404 and error["error"]["code"] == "resource_missing"
    status, _, dashboard = http_request("GET", f"{base}/")
    assert status == 200 and subscription_id in dashboard


def test_http_controls_deliver_pending_events_to_a_url(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, webhook_receiver
) -> None:
    stripe_client.v1.customers.create(params={})

    status, result = post_json(
        f"{fake_stripe.base_url}/_fake/events/deliver", {"to": webhook_receiver.url}
    )

    assert status == 200 and [d["status"] for d in result["deliveries"]] == [200]
    ((body, headers),) = webhook_receiver.received
    event = stripe.Webhook.construct_event(
        body, headers["Stripe-Signature"], fake_stripe.webhook_secret
    )
    assert event.type == "customer.created"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_cli_serves_the_api_in_its_own_process(webhook_receiver) -> None:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "tests.fake_stripe",
            "--port",
            str(port),
            "--webhook-url",
            webhook_receiver.url,
            "--webhook-secret",
            "whsec_cli",
            "--quiet",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        client = stripe.StripeClient(
            "sk_test_cli", base_addresses={"api": f"http://127.0.0.1:{port}"}
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                customer = client.v1.customers.create(params={"email": "cli@example.com"})
                break
            except stripe.APIConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        while not webhook_receiver.received and time.monotonic() < deadline:
            time.sleep(0.01)
        ((body, headers),) = webhook_receiver.received
        event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], "whsec_cli")
        assert event.data.object.id == customer.id
    finally:
        process.terminate()
        process.wait(10)
