"""The ``/_fake/...`` HTTP endpoints: the :class:`~.driver.Driver` controls over HTTP,
so a separate process (``make run``, a Playwright test) can drive a fake it did not start.

Requests take form or JSON bodies and answer JSON (the object changed, or a Stripe-style
``{"error": ...}``).  Forms posted with ``redirect=/_fake/...`` (the HTML dashboard)
get a 303 back there instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from .driver import Driver
from .errors import StripeError, invalid_request
from .webhooks import Delivery

# -- the /_fake HTTP endpoints ----------------------------------------------------------------


@dataclasses.dataclass
class ControlRoute:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[[Driver, dict[str, Any], dict[str, str]], Any]


CONTROL_ROUTES: list[ControlRoute] = []


def control(method: str, template: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    pattern = re.compile("^/_fake" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "/?$")

    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        CONTROL_ROUTES.append(ControlRoute(method, pattern, handler))
        return handler

    return register


def _flag(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")


def _int(value: Any, name: str) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise invalid_request(f"Invalid integer: {value}", param=name) from None


@control("POST", "/reset")
def _reset(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    driver.reset()
    return {"reset": True}


@control("GET", "/clock")
def _clock(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return {"now": driver.now(), "offset": driver.state.clock.offset}


@control("POST", "/clock/advance")
def _advance(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    now = driver.advance_clock(
        _int(body.get("seconds"), "seconds"),
        minutes=_int(body.get("minutes"), "minutes"),
        hours=_int(body.get("hours"), "hours"),
        days=_int(body.get("days"), "days"),
    )
    return {"now": now, "offset": driver.state.clock.offset}


@control("GET", "/state")
def _state(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    kinds = (
        "customer",
        "product",
        "price",
        "checkout.session",
        "billing_portal.session",
        "subscription",
        "invoice",
        "payment_intent",
        "charge",
        "refund",
    )
    return {
        "now": driver.now(),
        "objects": {kind: driver.objects(kind) for kind in kinds},
        "pending_events": [e["id"] for e in driver.pending_events()],
    }


@control("GET", "/objects/{id}")
def _object(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    try:
        return driver.get(args["id"])
    except KeyError:
        raise StripeError(f"No such object: '{args['id']}'", status=404) from None


@control("POST", "/checkout/sessions/{id}/pay")
def _pay(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.pay_checkout_session(
        args["id"],
        outcome=body.get("outcome", "paid"),
        email=body.get("email"),
        name=body.get("name"),
    )


@control("POST", "/checkout/sessions/{id}/settle")
def _settle(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    outcome = body.get("outcome", "succeeded")
    if outcome not in ("succeeded", "failed"):
        raise invalid_request("Invalid outcome: must be one of succeeded, failed", param="outcome")
    return driver.settle_payment(args["id"], succeeded=outcome == "succeeded")


@control("POST", "/checkout/sessions/{id}/expire")
def _expire(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.expire_checkout_session(args["id"])


@control("POST", "/subscriptions/{id}/renew")
def _renew(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.renew_subscription(args["id"], outcome=body.get("outcome"))


@control("POST", "/subscriptions/{id}/fail_renewal")
def _fail_renewal(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.fail_renewal(args["id"])


@control("POST", "/subscriptions/{id}/require_authentication")
def _require_authentication(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.require_authentication(args["id"])


@control("POST", "/subscriptions/{id}/next_renewal_outcome")
def _next_renewal_outcome(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    driver.set_next_renewal_outcome(args["id"], body.get("outcome", ""))
    return {"subscription": args["id"], "next_renewal_outcome": body.get("outcome")}


@control("POST", "/subscriptions/{id}/cancel")
def _cancel(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.cancel_subscription(args["id"], at_period_end=_flag(body.get("at_period_end")))


@control("POST", "/subscriptions/{id}/undo_cancellation")
def _undo_cancellation(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.undo_cancellation(args["id"])


@control("POST", "/subscriptions/{id}/update_card")
def _update_card(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.update_card(args["id"])


@control("POST", "/invoices/{id}/pay")
def _pay_invoice(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    return driver.pay_invoice(args["id"])


@control("GET", "/events")
def _events(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    if _flag(body.get("pending")):
        return {"data": driver.pending_events(body.get("type"))}
    return {"data": driver.events(body.get("type"))}


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "event": delivery.event_id,
        "type": delivery.event_type,
        "target": delivery.target,
        "status": delivery.status,
        "error": delivery.error,
    }


@control("POST", "/events/deliver")
def _deliver_pending(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    deliveries = driver.deliver_pending(
        to=body.get("to") or None,
        type=body.get("type") or None,
        reverse=_flag(body.get("reverse")),
        duplicate=_flag(body.get("duplicate")),
        delay=float(body.get("delay") or 0) or None,
    )
    return {"deliveries": [_delivery_json(d) for d in deliveries]}


@control("POST", "/events/{id}/deliver")
def _deliver(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    timestamp = body.get("timestamp")
    delivery = driver.deliver(
        args["id"],
        to=body.get("to") or None,
        secret=body.get("secret") or None,
        timestamp=int(timestamp) if timestamp else None,
    )
    return _delivery_json(delivery)


@control("GET", "/webhooks")
def _webhooks(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    target = driver.webhooks.target
    return {
        "url": target if isinstance(target, str) or target is None else repr(target),
        "mode": driver.webhooks.mode,
        "delay": driver.webhooks.delay,
        "deliveries": [_delivery_json(d) for d in driver.deliveries],
    }


@control("POST", "/webhooks")
def _configure_webhooks(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    driver.configure_webhooks(
        url=body.get("url") or None,
        secret=body.get("secret") or None,
        mode=body.get("mode") or None,
        delay=float(body["delay"]) if body.get("delay") else None,
    )
    return _webhooks(driver, {}, {})


@control("POST", "/faults")
def _faults(driver: Driver, body: dict[str, Any], args: dict[str, str]) -> Any:
    kind = body.get("kind", "error")
    count = _int(body.get("count") or 1, "count")
    if kind == "drop":
        driver.drop_next_response(method=body.get("method"), path=body.get("path"), count=count)
    elif kind == "error":
        driver.fail_next_request(
            _int(body.get("status") or 500, "status"),
            method=body.get("method"),
            path=body.get("path"),
            count=count,
        )
    else:
        raise invalid_request("Invalid kind: must be one of error, drop", param="kind")
    return {"faults": len(driver.state.faults)}


def dispatch_control(
    driver: Driver, method: str, path: str, body: dict[str, Any]
) -> tuple[int, Any]:
    """Serve one ``/_fake`` request: ``(status, json_body)``."""
    for candidate in CONTROL_ROUTES:
        found = candidate.pattern.match(path)
        if found and candidate.method == method:
            try:
                return 200, candidate.handler(driver, body, found.groupdict())
            except StripeError as error:
                return error.status, error.body()
            except (KeyError, ValueError) as error:
                return 400, invalid_request(str(error)).body()
    return 404, StripeError(
        f"Unrecognized fake_stripe control URL ({method}: {path})", status=404
    ).body()
