"""Hostile input to every public and member form, and to the Stripe webhook.

A property test (Hypothesis): random and hostile values (wrong types, huge strings,
other scripts' digits, NUL bytes, markup), missing fields, duplicated fields and
unknown fields are posted, as an anonymous reader and as a signed-in one. No answer
may be a server error, and a rejected request (4xx, or a form shown again with its
errors) writes nothing to the database. Examples are bounded (FUZZ_EXAMPLES) so the
test stays a small part of `make test`; raise it locally to search harder.
"""

import json
import os
import time
import uuid

import pytest
from django.apps import apps
from django.core.cache import cache
from django.forms import BaseForm
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.members.factories import PlanPriceFactory
from tests.members.gifts.factories import GiftPriceFactory
from tests.members.newsletters.factories import NewsletterFactory
from tests.members.signing import make_event, stripe_signature

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
HOSTILE = [
    "",
    " ",
    "0",
    "-5",
    "1e30",
    "NaN",
    "Infinity",
    "12,50",
    "١٢",
    "9" * 10_000,
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "null",
    "[]",
    "{}",
    "true",
    "2026-02-30",
    "99999-01-01",
    "not-an-email",
    "a@b",
    "reader@example.com",
    "\u202e\u200b",
    "😀" * 50,
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.uuids().map(str),
)
# A field is left out, sent once, or sent several times (duplicated).
field_values = st.one_of(st.none(), values.map(lambda v: [v]), st.lists(values, max_size=3))


def form_data(fields: list[str]) -> st.SearchStrategy[dict]:
    known = st.fixed_dictionaries({name: field_values for name in fields})
    extra = st.dictionaries(st.text(min_size=1, max_size=12), field_values, max_size=2)
    return st.tuples(known, extra).map(
        lambda pair: {k: v for k, v in {**pair[1], **pair[0]}.items() if v is not None}
    )


# (address, fields, who posts): every form a reader can send.
FORMS = [
    ("/membership/", ["price", "amount_1", "email", "attempt", "named", "public_first_name"]),
    (
        "/gift/",
        [
            "duration",
            "recipient_name",
            "recipient_email",
            "message",
            "deliver_on",
            "giver_name",
            "giver_email",
            "attempt",
        ],
    ),
    ("/newsletters/signup/", ["newsletter", "email", "next"]),
    ("/newsletters/confirm/not-a-token/", ["confirm"]),
    ("/newsletters/unsubscribe/not-a-token/", ["List-Unsubscribe"]),
    ("/campaign/banner/dismiss/", ["campaign", "next"]),
    ("/accounts/signup/", ["email", "password1", "password2"]),
    ("/accounts/login/", ["login", "password", "remember"]),
    ("/accounts/password/reset/", ["email"]),
]
MEMBER_FORMS = [
    *FORMS,
    ("/account/newsletters/", ["newsletters"]),
    ("/account/supporter-naming/", ["named", "public_first_name", "public_city", "next"]),
    ("/gift/redeem/", ["code"]),
    (f"/gift/redeem/{'A' * 32}/", ["confirm"]),
    ("/gift/continue/checkout/", ["price", "attempt"]),
    ("/account/membership/billing/", []),
]
IGNORED_TABLES = {"django_session"}  # a session may start on any visit


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table not in IGNORED_TABLES and model._meta.managed
    }


def shows_form_errors(response) -> bool:
    contexts = response.context or []
    return any(
        isinstance(value, BaseForm) and value.errors
        for context in contexts
        for value in context.flatten().values()
    )


def assert_handled(response, before: dict[str, int]) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400 or shows_form_errors(response):
        assert row_counts() == before


@pytest.fixture
def site(stripe_fake, reader):
    """Something for each form to find: a plan with a custom amount, gift prices, a
    newsletter, and the fake Stripe behind checkout."""
    PlanPriceFactory(amount=500, minimum_custom_amount=500)
    GiftPriceFactory()
    NewsletterFactory(slug="briefing")
    return reader


def _post(client: Client, address: str, data: dict) -> object:
    cache.clear()  # rate limits would turn later examples into 429s
    before = row_counts()
    response = client.post(address, data)
    assert_handled(response, before)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_anonymous_forms_never_fail_on_hostile_input(site, data):
    address, fields = data.draw(st.sampled_from(FORMS))
    _post(Client(), address, data.draw(form_data(fields)))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_member_forms_never_fail_on_hostile_input(site, data):
    client = Client()
    client.force_login(site)
    address, fields = data.draw(st.sampled_from(MEMBER_FORMS))
    _post(client, address, data.draw(form_data(fields)))


# Pages that read the query string: searches, pagination, the thank-you pages' lookup.
QUERY_PAGES = [
    ("/search/", ["q", "page"]),
    ("/latest/", ["page"]),
    ("/news-feed/", ["page"]),
    ("/membership/welcome/", ["session_id"]),
    ("/gift/thanks/", ["session_id"]),
    ("/newsletters/", ["next"]),
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_pages_never_fail_on_a_hostile_query_string(site, data):
    address, fields = data.draw(st.sampled_from(QUERY_PAGES))
    client = Client()
    if data.draw(st.booleans()):
        client.force_login(site)
    cache.clear()
    before = row_counts()

    response = client.get(address, data.draw(form_data(fields)))

    assert_handled(response, before)


# What Stripe signs never holds NUL (PostgreSQL's jsonb could not store it); unsigned
# bodies, which are refused before parsing, still get every byte.
json_text = st.text(st.characters(exclude_characters="\x00"), max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | json_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_text, inner),
    max_leaves=8,
)


@st.composite
def webhook_deliveries(draw) -> tuple[bytes, str | None, bool]:
    kind = draw(st.sampled_from(["garbage", "json", "event"]))
    if kind == "garbage":
        body = draw(st.binary(max_size=200))
    elif kind == "json":
        body = json.dumps(draw(json_values)).encode()
    else:
        event = make_event(
            draw(json_text),
            draw(st.dictionaries(json_text, json_values, max_size=4)),
            event_id=f"evt_{uuid.uuid4().hex}",
        )
        for key in draw(st.lists(st.sampled_from(sorted(event)), max_size=2)):
            event[key] = draw(json_values)
        body = json.dumps(event).encode()
    valid = stripe_signature(body)
    signature = draw(
        st.one_of(
            st.none(),
            st.text(max_size=80),
            st.just(valid),
            st.just(stripe_signature(body, timestamp=int(time.time()) - 3600)),
            st.just(stripe_signature(body, secret="whsec_someone_else")),
        )
    )
    return body, signature, signature == valid


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(delivery=webhook_deliveries())
def test_the_webhook_never_fails_on_hostile_deliveries(stripe_fake, delivery):
    body, signature, signed_by_stripe = delivery
    headers = {"Stripe-Signature": signature} if signature is not None else {}
    before = row_counts()

    response = Client().post(
        "/stripe/webhook/", data=body, content_type="application/json", headers=headers
    )

    assert_handled(response, before)
    if not signed_by_stripe:
        assert response.status_code == 400
