"""``expand[]`` support: replace ids in a response with the objects they name.

Any field holding the id of an object the fake stores can be expanded, to any depth
(``expand=["subscription.latest_invoice", "data.customer"]``); list responses need
the ``data.`` prefix, as on Stripe.  Two fields are *includable* (absent unless
expanded): ``checkout.session.line_items`` and ``invoice.payments``.
"""

from __future__ import annotations

import copy
from typing import Any

from . import objects
from .errors import invalid_request
from .state import State, StripeObject

LIST_OBJECTS = ("list", "search_result")


def _includable(state: State, node: StripeObject, field: str) -> StripeObject | None:
    kind = node.get("object")
    if kind == "checkout.session" and field == "line_items":
        items = state.session_line_items.get(node["id"], [])
        return objects.list_object(
            copy.deepcopy(items), f"/v1/checkout/sessions/{node['id']}/line_items"
        )
    if kind == "invoice" and field == "payments":
        payments = state.invoice_payments.get(node["id"], [])
        return objects.list_object(
            copy.deepcopy(payments), f"/v1/invoice_payments?invoice={node['id']}"
        )
    return None


def expand(state: State, obj: StripeObject, paths: list[str] | None) -> StripeObject:
    """A deep copy of ``obj`` with ``paths`` expanded (always a copy, so the caller may
    serialise it after releasing the state lock)."""
    result = copy.deepcopy(obj)
    for path in paths or []:
        _expand(state, result, path.split("."), path)
    return result


def _cannot(path: str) -> Exception:
    return invalid_request(f"This property cannot be expanded ({path}).")


def _expand(state: State, node: Any, parts: list[str], path: str) -> None:
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if not isinstance(node, dict):
        raise _cannot(path)
    if node.get("object") in LIST_OBJECTS and head == "data":
        for item in node["data"]:
            _expand(state, item, rest, path)
        return
    if head in ("id", "object"):
        raise _cannot(path)
    if head not in node or not isinstance(node[head], dict):
        included = _includable(state, node, head)
        if included is not None:
            node[head] = included
    if head not in node:
        raise _cannot(path)
    value = node[head]
    if value is None:
        return
    if isinstance(value, str):
        target = state.get(value)
        if target is None:
            raise _cannot(path)
        node[head] = value = copy.deepcopy(target)
    if isinstance(value, list):
        for index, element in enumerate(value):
            if isinstance(element, str):
                target = state.get(element)
                if target is None:
                    raise _cannot(path)
                value[index] = element = copy.deepcopy(target)
            _expand(state, element, rest, path)
        return
    _expand(state, value, rest, path)
