"""A stateful fake of the Stripe API that the real ``stripe`` library talks to.

Tests: load the plugin (``pytest_plugins = ["tests.fake_stripe.pytest_plugin"]``) and ask
for ``fake_stripe``: started, empty, webhooks queued until you deliver them.  Point the
app's ``StripeClient(base_addresses={"api": fake_stripe.base_url})`` at it (or use
``fake_stripe.client()``), then, e.g.::

    fake_stripe.pay_checkout_session(session.id, email="reader@example.com")
    fake_stripe.deliver_pending(to=lambda body, headers: client.post(
        "/stripe/webhook/", body, content_type="application/json", headers=headers))

``deliver_pending(reverse=True, duplicate=True, delay=2)``, ``deliver(event, timestamp=...)``
and ``signed_event(event, secret=...)`` cover out-of-order, repeated, late and forged
webhooks.  Controls: ``renew_subscription``, ``fail_renewal``, ``require_authentication``,
``settle_payment``, ``pay_invoice``, ``cancel_subscription``, ``advance_clock``,
``fail_next_request``, ``drop_next_response``; over HTTP under ``/_fake/``.  Hosted pages:
``/c/pay/{session}`` (Checkout) and ``/p/session/{id}`` (portal).  Demo process:
``python -m tests.fake_stripe --port 12111 --webhook-url URL --webhook-secret whsec_...``.
Requests are validated against Stripe's OpenAPI spec (``spec_subset.json``, from
``extract_spec.py``; parameters newer than the 2023 spec: ``newer_params.py``).
"""

from .errors import StripeError as FakeStripeError
from .server import DEFAULT_API_KEY, DEFAULT_WEBHOOK_SECRET, FakeStripe
from .webhooks import Delivery, sign_payload, signature_header

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_WEBHOOK_SECRET",
    "Delivery",
    "FakeStripe",
    "FakeStripeError",
    "sign_payload",
    "signature_header",
]
