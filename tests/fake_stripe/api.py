"""The ``/v1`` REST API: authentication, routing, idempotency, validation, handlers.

:func:`dispatch` turns one HTTP request into a :class:`Response` the way Stripe's API
front end does: check the API key, find the operation, replay or reject an
``Idempotency-Key`` seen before, validate the parameters against the spec, run the
handler under the state lock, then expand ``expand[]`` paths.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import shlex
from collections.abc import Callable
from typing import Any

from . import billing, catalog, checkout, expansion, objects, payments
from .errors import (
    StripeError,
    authentication_error,
    idempotency_error,
    invalid_request,
    no_such,
)
from .params import Params
from .state import IdempotentResult, State, StripeObject
from .validation import validate_params

Handler = Callable[["Context", Params], StripeObject]


@dataclasses.dataclass
class Context:
    state: State
    public_url: str
    path_args: dict[str, str]


@dataclasses.dataclass
class Response:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    # Fault injection: the fake acted on the request but "loses" the response.
    drop_connection: bool = False
    # Events the request caused, for the server to hand to the webhook dispatcher
    # (drained under the same lock hold as the change, so none is missed or doubled).
    events: list[StripeObject] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    operation_id: str
    handler: Handler


ROUTES: list[Route] = []


def route(method: str, template: str, operation_id: str) -> Callable[[Handler], Handler]:
    """Register a handler; ``{name}`` segments become ``ctx.path_args[name]``."""
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, pattern, operation_id, handler))
        return handler

    return register


# -- request pipeline ----------------------------------------------------------------------


def authenticate(headers: dict[str, str]) -> str:
    """The API key from ``Authorization: Bearer sk_test_...`` (or Basic, as curl -u sends)."""
    authorization = headers.get("authorization", "")
    key = ""
    if authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    elif authorization.lower().startswith("basic "):
        try:
            key = base64.b64decode(authorization[6:]).decode().split(":", 1)[0]
        except (binascii.Error, UnicodeDecodeError):
            key = ""
    if not key:
        raise authentication_error(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, "
            "or we can help at https://support.stripe.com/."
        )
    if not key.startswith(("sk_test_", "rk_test_")):
        # Refusing live keys also keeps a misconfigured app from treating the fake as real.
        raise authentication_error(f"Invalid API Key provided: {key[:8]}{'*' * 8}{key[-4:]}")
    return key


def _match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    path_matched = False
    for candidate in ROUTES:
        found = candidate.pattern.match(path)
        if found:
            path_matched = True
            if candidate.method == method:
                return candidate, found.groupdict()
    raise StripeError(
        f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
        "or we can help at https://support.stripe.com/.",
        status=405 if path_matched else 404,
    )


def dispatch(
    state: State,
    *,
    method: str,
    path: str,
    params: Params,
    headers: dict[str, str],
    public_url: str,
) -> Response:
    """Serve one ``/v1`` request.  ``headers`` keys must be lower-case."""
    request_id = state.new_id("req", 14)
    base_headers = {"Request-Id": request_id, "Stripe-Version": objects.API_VERSION}
    idempotency_key = headers.get("idempotency-key")
    if idempotency_key:
        base_headers["Idempotency-Key"] = idempotency_key
    try:
        api_key = authenticate(headers)
        matched, path_args = _match(method, path)
    except StripeError as error:
        return Response(error.status, error.body(), base_headers)

    with state.lock:
        fault = state.take_fault(method, path)
        if fault is not None and fault.kind == "error":
            body = {"error": {"type": "api_error", "message": "Injected failure (fake_stripe)."}}
            return Response(fault.status, body, base_headers)

        fingerprint = json.dumps(params, sort_keys=True)
        scope = (api_key, idempotency_key or "")
        if method == "POST" and idempotency_key and scope in state.idempotency:
            return _replay(state.idempotency[scope], method, path, fingerprint, base_headers)

        try:
            clean = validate_params(matched.operation_id, params)
        except StripeError as error:
            # Stripe does not save results of requests that failed validation.
            return Response(error.status, error.body(), base_headers)

        context = Context(state, public_url, path_args)
        with state.request_context(request_id, idempotency_key):
            try:
                result = matched.handler(context, clean)
                status, body = 200, expansion.expand(state, result, clean.get("expand"))
            except StripeError as error:
                status, body = error.status, error.body()
        if method == "POST" and idempotency_key:
            state.idempotency[scope] = IdempotentResult(
                method, path, fingerprint, status, body, request_id
            )
        response = Response(status, body, base_headers, events=state.drain_outbox())
        response.drop_connection = fault is not None and fault.kind == "drop"
        return response


def _replay(
    stored: IdempotentResult, method: str, path: str, fingerprint: str, headers: dict[str, str]
) -> Response:
    key = headers["Idempotency-Key"]
    if (stored.method, stored.path) != (method, path):
        error = idempotency_error(
            "Keys for idempotent requests can only be used for the same endpoint they were "
            f"first used for ('{stored.method} {stored.path}' vs '{method} {path}'). Try using "
            f"a key other than '{key}' if you meant to execute a different request."
        )
        return Response(error.status, error.body(), headers)
    if stored.fingerprint != fingerprint:
        error = idempotency_error(
            "Keys for idempotent requests can only be used with the same parameters they were "
            f"first used with. Try using a key other than '{key}' if you meant to execute a "
            "different request."
        )
        return Response(error.status, error.body(), headers)
    replay_headers = {
        **headers,
        "Idempotent-Replayed": "true",
        "Original-Request": stored.request_id,
    }
    return Response(stored.status, json.loads(json.dumps(stored.body)), replay_headers)


# -- list helpers -----------------------------------------------------------------------------


def _created_matches(created: int, condition: Any) -> bool:
    if condition is None:
        return True
    if isinstance(condition, int):
        return created == condition
    checks = {
        "gt": lambda bound: created > bound,
        "gte": lambda bound: created >= bound,
        "lt": lambda bound: created < bound,
        "lte": lambda bound: created <= bound,
    }
    return all(checks[op](bound) for op, bound in condition.items())


def paginate(items: list[StripeObject], params: Params, url: str) -> StripeObject:
    """Stripe list semantics: newest first, ``limit`` (1-100, default 10),
    ``starting_after`` / ``ending_before`` cursors, ``created`` filters."""
    items = [
        item for item in items if _created_matches(item.get("created", 0), params.get("created"))
    ]
    limit = params.get("limit", 10)
    if not 1 <= limit <= 100:
        raise invalid_request("Invalid limit: must be between 1 and 100", param="limit")
    ids = [item["id"] for item in items]
    if "starting_after" in params:
        if params["starting_after"] not in ids:
            raise no_such("object", params["starting_after"], "starting_after")
        rest = items[ids.index(params["starting_after"]) + 1 :]
        page, has_more = rest[:limit], len(rest) > limit
    elif "ending_before" in params:
        if params["ending_before"] not in ids:
            raise no_such("object", params["ending_before"], "ending_before")
        before = items[: ids.index(params["ending_before"])]
        page, has_more = before[-limit:], len(before) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return objects.list_object(page, url, has_more)


def _path(ctx: Context, name: str) -> str:
    return ctx.path_args[name]


# -- customers --------------------------------------------------------------------------------


@route("POST", "/v1/customers", "PostCustomers")
def create_customer(ctx: Context, params: Params) -> StripeObject:
    return catalog.create_customer(ctx.state, params)


@route("GET", "/v1/customers", "GetCustomers")
def list_customers(ctx: Context, params: Params) -> StripeObject:
    customers = ctx.state.all("customer")
    customers = [c for c in customers if not c.get("deleted")]
    if "email" in params:  # case-sensitive, as Stripe documents
        customers = [c for c in customers if c.get("email") == params["email"]]
    return paginate(customers, params, "/v1/customers")


_CLAUSE = re.compile(
    r"""^(?P<field>[a-z_]+(?:\[(?P<q>['"])(?P<key>.+?)(?P=q)\])?)(?P<op>[:~])(?P<value>.+)$"""
)


@route("GET", "/v1/customers/search", "GetCustomersSearch")
def search_customers(ctx: Context, params: Params) -> StripeObject:
    """A small subset of Stripe's search language: ``field:'value'`` / ``field~'value'``
    clauses on email, name, phone, description or ``metadata['key']`` joined by AND or
    OR (not mixed)."""
    tokens = shlex.split(params["query"], posix=False)
    joiners = {token for token in tokens if token.upper() in ("AND", "OR")}
    if len(joiners) > 1:
        raise invalid_request("Mixing AND and OR in one query is not supported", param="query")
    clauses = []
    for token in tokens:
        if token.upper() in ("AND", "OR"):
            continue
        found = _CLAUSE.match(token)
        if not found:
            raise invalid_request(f"Invalid search query: {params['query']}", param="query")
        value = found["value"].strip("'\"")
        field = found["field"].split("[")[0]
        if field not in ("email", "name", "phone", "description", "metadata"):
            raise invalid_request(f"Field '{field}' is not supported for search", param="query")
        clauses.append((field, found["key"], found["op"], value))

    def matches(customer: StripeObject) -> list[bool]:
        results = []
        for field, key, op, value in clauses:
            actual = customer["metadata"].get(key) if field == "metadata" else customer.get(field)
            actual = actual or ""
            if op == ":":
                results.append(
                    actual.lower() == value.lower() if field == "email" else actual == value
                )
            else:
                results.append(value.lower() in actual.lower())
        return results

    combine = any if joiners == {"OR"} else all
    found_customers = [
        c for c in ctx.state.all("customer") if not c.get("deleted") and combine(matches(c))
    ]
    limit = params.get("limit", 10)
    return {
        "object": "search_result",
        "data": found_customers[:limit],
        "has_more": len(found_customers) > limit,
        "next_page": None,
        "url": "/v1/customers/search",
    }


@route("GET", "/v1/customers/{customer}", "GetCustomersCustomer")
def retrieve_customer(ctx: Context, params: Params) -> StripeObject:
    customer = ctx.state.get(_path(ctx, "customer"), "customer")
    if customer is not None and customer.get("deleted"):
        return customer  # Stripe answers 200 with the deleted stub
    return ctx.state.require(_path(ctx, "customer"), "customer")


@route("POST", "/v1/customers/{customer}", "PostCustomersCustomer")
def update_customer(ctx: Context, params: Params) -> StripeObject:
    customer = ctx.state.require(_path(ctx, "customer"), "customer")
    return catalog.update_customer(ctx.state, customer, params)


@route("DELETE", "/v1/customers/{customer}", "DeleteCustomersCustomer")
def delete_customer(ctx: Context, params: Params) -> StripeObject:
    customer = ctx.state.require(_path(ctx, "customer"), "customer")
    return catalog.delete_customer(ctx.state, customer)


# -- products and prices ---------------------------------------------------------------------


@route("POST", "/v1/products", "PostProducts")
def create_product(ctx: Context, params: Params) -> StripeObject:
    return catalog.create_product(ctx.state, params)


@route("GET", "/v1/products", "GetProducts")
def list_products(ctx: Context, params: Params) -> StripeObject:
    products = ctx.state.all("product")
    for field in ("active", "shippable", "type", "url"):
        if field in params:
            products = [p for p in products if p.get(field) == params[field]]
    if "ids" in params:
        products = [p for p in products if p["id"] in params["ids"]]
    return paginate(products, params, "/v1/products")


@route("GET", "/v1/products/{id}", "GetProductsId")
def retrieve_product(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "id"), "product")


@route("POST", "/v1/products/{id}", "PostProductsId")
def update_product(ctx: Context, params: Params) -> StripeObject:
    product = ctx.state.require(_path(ctx, "id"), "product")
    return catalog.update_product(ctx.state, product, params)


@route("POST", "/v1/prices", "PostPrices")
def create_price(ctx: Context, params: Params) -> StripeObject:
    return catalog.create_price(ctx.state, params)


@route("GET", "/v1/prices", "GetPrices")
def list_prices(ctx: Context, params: Params) -> StripeObject:
    prices = ctx.state.all("price")
    for field in ("active", "currency", "product", "type"):
        if field in params:
            prices = [p for p in prices if p.get(field) == params[field]]
    if "lookup_keys" in params:
        prices = [p for p in prices if p.get("lookup_key") in params["lookup_keys"]]
    interval = (params.get("recurring") or {}).get("interval")
    if interval:
        prices = [p for p in prices if (p.get("recurring") or {}).get("interval") == interval]
    return paginate(prices, params, "/v1/prices")


@route("GET", "/v1/prices/{price}", "GetPricesPrice")
def retrieve_price(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "price"), "price")


@route("POST", "/v1/prices/{price}", "PostPricesPrice")
def update_price(ctx: Context, params: Params) -> StripeObject:
    price = ctx.state.require(_path(ctx, "price"), "price")
    return catalog.update_price(ctx.state, price, params)


# -- checkout -------------------------------------------------------------------------------


@route("POST", "/v1/checkout/sessions", "PostCheckoutSessions")
def create_checkout_session(ctx: Context, params: Params) -> StripeObject:
    return checkout.create_checkout_session(ctx.state, params, ctx.public_url)


@route("GET", "/v1/checkout/sessions", "GetCheckoutSessions")
def list_checkout_sessions(ctx: Context, params: Params) -> StripeObject:
    sessions = ctx.state.all("checkout.session")
    for field in ("customer", "payment_intent", "payment_link", "subscription", "status"):
        if field in params:
            sessions = [s for s in sessions if s.get(field) == params[field]]
    email = (params.get("customer_details") or {}).get("email")
    if email:
        sessions = [s for s in sessions if (s.get("customer_details") or {}).get("email") == email]
    return paginate(sessions, params, "/v1/checkout/sessions")


def _session(ctx: Context) -> StripeObject:
    session = ctx.state.require(_path(ctx, "session"), "checkout.session", "session")
    checkout.expire_due_session(ctx.state, session)
    return session


@route("GET", "/v1/checkout/sessions/{session}", "GetCheckoutSessionsSession")
def retrieve_checkout_session(ctx: Context, params: Params) -> StripeObject:
    return _session(ctx)


@route("POST", "/v1/checkout/sessions/{session}/expire", "PostCheckoutSessionsSessionExpire")
def expire_checkout_session(ctx: Context, params: Params) -> StripeObject:
    return checkout.expire_checkout_session(ctx.state, _session(ctx))


@route("GET", "/v1/checkout/sessions/{session}/line_items", "GetCheckoutSessionsSessionLineItems")
def list_checkout_line_items(ctx: Context, params: Params) -> StripeObject:
    session = _session(ctx)
    items = ctx.state.session_line_items[session["id"]]
    # Line items are listed in the order they were given, not newest first.
    page = paginate(list(items), params, f"/v1/checkout/sessions/{session['id']}/line_items")
    return page


# -- billing portal ---------------------------------------------------------------------------


@route("POST", "/v1/billing_portal/sessions", "PostBillingPortalSessions")
def create_portal_session(ctx: Context, params: Params) -> StripeObject:
    state = ctx.state
    state.require(params["customer"], "customer", "customer")
    session_id = state.new_id("bps")
    session = objects.portal_session(
        id=session_id,
        created=state.now(),
        params=params,
        url=f"{ctx.public_url}/p/session/{session_id}",
        configuration=state.portal_configuration,
    )
    return state.add(session)


# -- subscriptions ----------------------------------------------------------------------------


@route("GET", "/v1/subscriptions", "GetSubscriptions")
def list_subscriptions(ctx: Context, params: Params) -> StripeObject:
    subscriptions = ctx.state.all("subscription")
    status = params.get("status")
    if status is None:  # Stripe hides canceled subscriptions unless asked
        subscriptions = [s for s in subscriptions if s["status"] != "canceled"]
    elif status == "ended":
        subscriptions = [
            s for s in subscriptions if s["status"] in ("canceled", "incomplete_expired")
        ]
    elif status != "all":
        subscriptions = [s for s in subscriptions if s["status"] == status]
    if "customer" in params:
        subscriptions = [s for s in subscriptions if s["customer"] == params["customer"]]
    if "price" in params:
        subscriptions = [
            s
            for s in subscriptions
            if any(item["price"]["id"] == params["price"] for item in s["items"]["data"])
        ]
    return paginate(subscriptions, params, "/v1/subscriptions")


def _subscription(ctx: Context) -> StripeObject:
    return ctx.state.require(
        _path(ctx, "subscription_exposed_id"), "subscription", "subscription_exposed_id"
    )


@route(
    "GET", "/v1/subscriptions/{subscription_exposed_id}", "GetSubscriptionsSubscriptionExposedId"
)
def retrieve_subscription(ctx: Context, params: Params) -> StripeObject:
    return _subscription(ctx)


@route(
    "POST", "/v1/subscriptions/{subscription_exposed_id}", "PostSubscriptionsSubscriptionExposedId"
)
def update_subscription(ctx: Context, params: Params) -> StripeObject:
    return billing.update_subscription(ctx.state, _subscription(ctx), params)


@route(
    "DELETE",
    "/v1/subscriptions/{subscription_exposed_id}",
    "DeleteSubscriptionsSubscriptionExposedId",
)
def cancel_subscription(ctx: Context, params: Params) -> StripeObject:
    return billing.cancel_subscription(
        ctx.state, _subscription(ctx), params.get("cancellation_details")
    )


# -- invoices, payments, refunds, events ------------------------------------------------------


def _invoice_subscription(invoice: StripeObject) -> str | None:
    parent = invoice.get("parent") or {}
    return (parent.get("subscription_details") or {}).get("subscription")


@route("GET", "/v1/invoices", "GetInvoices")
def list_invoices(ctx: Context, params: Params) -> StripeObject:
    invoices = ctx.state.all("invoice")
    for field in ("customer", "status", "collection_method"):
        if field in params:
            invoices = [i for i in invoices if i.get(field) == params[field]]
    if "subscription" in params:
        invoices = [i for i in invoices if _invoice_subscription(i) == params["subscription"]]
    return paginate(invoices, params, "/v1/invoices")


@route("GET", "/v1/invoices/{invoice}", "GetInvoicesInvoice")
def retrieve_invoice(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "invoice"), "invoice", "invoice")


@route("GET", "/v1/payment_intents", "GetPaymentIntents")
def list_payment_intents(ctx: Context, params: Params) -> StripeObject:
    intents = ctx.state.all("payment_intent")
    if "customer" in params:
        intents = [i for i in intents if i["customer"] == params["customer"]]
    return paginate(intents, params, "/v1/payment_intents")


@route("GET", "/v1/payment_intents/{intent}", "GetPaymentIntentsIntent")
def retrieve_payment_intent(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "intent"), "payment_intent", "intent")


@route("GET", "/v1/charges/{charge}", "GetChargesCharge")
def retrieve_charge(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "charge"), "charge", "charge")


@route("POST", "/v1/refunds", "PostRefunds")
def create_refund(ctx: Context, params: Params) -> StripeObject:
    return payments.create_refund(ctx.state, params)


@route("GET", "/v1/refunds", "GetRefunds")
def list_refunds(ctx: Context, params: Params) -> StripeObject:
    refunds = ctx.state.all("refund")
    for field in ("charge", "payment_intent"):
        if field in params:
            refunds = [r for r in refunds if r[field] == params[field]]
    return paginate(refunds, params, "/v1/refunds")


@route("GET", "/v1/refunds/{refund}", "GetRefundsRefund")
def retrieve_refund(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "refund"), "refund", "refund")


def _type_matches(event_type: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return event_type.startswith(pattern[:-1])
    return event_type == pattern


@route("GET", "/v1/events", "GetEvents")
def list_events(ctx: Context, params: Params) -> StripeObject:
    events = ctx.state.all("event")
    if "type" in params:
        events = [e for e in events if _type_matches(e["type"], params["type"])]
    if "types" in params:
        events = [e for e in events if any(_type_matches(e["type"], t) for t in params["types"])]
    return paginate(events, params, "/v1/events")


@route("GET", "/v1/events/{id}", "GetEventsId")
def retrieve_event(ctx: Context, params: Params) -> StripeObject:
    return ctx.state.require(_path(ctx, "id"), "event")
