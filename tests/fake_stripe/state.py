"""The fake's in-memory Stripe account: objects, events, idempotency records, clock.

One :class:`State` is shared by the HTTP threads, the hosted pages and the Python
driver.  Every read-modify-write happens while holding ``state.lock`` (re-entrant,
so flows can call each other).  Events recorded while the lock is held go to an
outbox that the caller drains *after* releasing the lock, so webhook receivers may
call back into the fake without deadlocking.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import itertools
import secrets
import string
import threading
import time
from collections.abc import Iterator
from typing import Any

from . import objects
from .errors import no_such

StripeObject = dict[str, Any]
_ALPHABET = string.ascii_letters + string.digits

# How the fake names each object kind in "No such ..." errors.
KIND_NAMES = {
    "customer": "customer",
    "product": "product",
    "price": "price",
    "checkout.session": "checkout.session",
    "billing_portal.session": "billing_portal.session",
    "subscription": "subscription",
    "invoice": "invoice",
    "payment_intent": "payment_intent",
    "charge": "charge",
    "refund": "refund",
    "event": "event",
}


class Clock:
    """Wall-clock time plus an offset that tests move forward with ``advance``."""

    def __init__(self) -> None:
        self.offset = 0

    def now(self) -> int:
        return int(time.time()) + self.offset

    def advance(self, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("the fake clock only moves forward")
        self.offset += seconds


@dataclasses.dataclass
class IdempotentResult:
    """What Stripe remembers about a request sent with an ``Idempotency-Key``."""

    method: str
    path: str
    fingerprint: str
    status: int
    body: StripeObject
    request_id: str


@dataclasses.dataclass
class Fault:
    """A failure injected into the next matching ``/v1`` request.

    ``error``: answer ``status`` without acting (stripe-python retries 5xx).
    ``drop``: act on the request, then close the connection without answering, as if
    the response were lost on the network (stripe-python retries with the same
    ``Idempotency-Key``, which replays the stored result).
    """

    kind: str = "error"
    status: int = 500
    method: str | None = None
    path_prefix: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path_prefix is None or path.startswith(self.path_prefix)
        )


@dataclasses.dataclass
class RequestContext:
    """The API request being served, which Stripe records on the events it causes."""

    request_id: str | None = None
    idempotency_key: str | None = None


class State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.webhook_endpoints = 0  # drives events' ``pending_webhooks``
        # Where browsers reach the hosted pages; set by the server once it listens
        # (invoices carry a ``hosted_invoice_url`` under it).
        self.public_url = ""
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.clock.offset = 0
            self._objects: dict[str, StripeObject] = {}
            self._sequence: dict[str, int] = {}
            self._counter = itertools.count()
            self.session_line_items: dict[str, list[StripeObject]] = {}
            # creation parameters Checkout needs later (subscription_data, ...)
            self.session_params: dict[str, dict[str, Any]] = {}
            self.invoice_payments: dict[str, list[StripeObject]] = {}
            self.lookup_keys: dict[str, str] = {}
            self.events: list[StripeObject] = []
            self.outbox: list[StripeObject] = []
            self.idempotency: dict[tuple[str, str], IdempotentResult] = {}
            self.next_renewal_outcome: dict[str, str] = {}
            self.portal_configuration = self.new_id("bpc")
            self.context = RequestContext()
            self.faults: list[Fault] = []

    # -- ids and storage ---------------------------------------------------------------

    @staticmethod
    def new_id(prefix: str, length: int = 24) -> str:
        return f"{prefix}_" + "".join(secrets.choice(_ALPHABET) for _ in range(length))

    def now(self) -> int:
        return self.clock.now()

    def add(self, obj: StripeObject) -> StripeObject:
        self._objects[obj["id"]] = obj
        self._sequence[obj["id"]] = next(self._counter)
        return obj

    def get(self, object_id: str, kind: str | None = None) -> StripeObject | None:
        obj = self._objects.get(object_id)
        if obj is None or (kind is not None and obj.get("object") != kind):
            return None
        return obj

    def require(self, object_id: str, kind: str, param: str | None = "id") -> StripeObject:
        obj = self.get(object_id, kind)
        if obj is None or obj.get("deleted"):
            raise no_such(KIND_NAMES.get(kind, kind), object_id, param)
        return obj

    def all(self, kind: str) -> list[StripeObject]:
        """Objects of a kind, newest first (Stripe's list order)."""
        found = [obj for obj in self._objects.values() if obj.get("object") == kind]
        found.sort(key=lambda obj: (obj.get("created", 0), self._sequence[obj["id"]]), reverse=True)
        return found

    def take_fault(self, method: str, path: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.matches(method, path):
                return self.faults.pop(index)
        return None

    # -- events ---------------------------------------------------------------------------

    def record_event(
        self,
        type: str,
        obj: StripeObject,
        previous: StripeObject | None = None,
    ) -> StripeObject:
        """Record an event whose ``data.object`` is a snapshot of ``obj`` now.

        ``previous`` is a snapshot taken before the change; the differing fields
        become ``data.previous_attributes`` as in Stripe's ``*.updated`` events.
        """
        event = objects.event(
            id=self.new_id("evt"),
            created=self.now(),
            type=type,
            data_object=obj,
            previous_attributes=(
                previous_attributes(previous, obj) if previous is not None else None
            ),
            request_id=self.context.request_id,
            idempotency_key=self.context.idempotency_key,
            pending_webhooks=1 if self.webhook_endpoints else 0,
        )
        self.add(event)
        self.events.append(event)
        self.outbox.append(event)
        return event

    def drain_outbox(self) -> list[StripeObject]:
        with self.lock:
            drained, self.outbox = self.outbox, []
            return drained

    @contextlib.contextmanager
    def request_context(
        self, request_id: str | None, idempotency_key: str | None
    ) -> Iterator[None]:
        previous = self.context
        self.context = RequestContext(request_id, idempotency_key)
        try:
            yield
        finally:
            self.context = previous


def snapshot(obj: StripeObject) -> StripeObject:
    return copy.deepcopy(obj)


def previous_attributes(before: StripeObject, after: StripeObject) -> StripeObject:
    """Stripe's ``previous_attributes``: old values of changed fields, nested for objects."""
    diff: StripeObject = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            diff[key] = previous_attributes(old, new)
        else:
            diff[key] = copy.deepcopy(old)
    return diff
