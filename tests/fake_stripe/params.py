"""Decode Stripe's form encoding (``a[b][0][c]=v``) into nested dicts.

stripe-python sends ``line_items[0][price]=price_1``, ``metadata[plan]=gold`` and
``expand[0]=customer``; list iterators echo back ``expand[]=...``.  Numeric keys are
kept as *dict* keys here (``{"0": {...}}``) because only the schema knows whether
``metadata[0]`` is a list index or a metadata key; :mod:`.validation` turns them
into lists where the schema says ``array``.  ``key[]=v`` appends to a real list.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from .errors import invalid_request

Params = dict[str, Any]


def split_key(key: str) -> list[str]:
    """``"a[b][0][]"`` -> ``["a", "b", "0", ""]`` (``""`` means "append")."""
    if "[" not in key:
        return [key]
    head, _, rest = key.partition("[")
    parts = [head]
    # rest looks like 'b][0][]' ; split on '][' after dropping the final ']'
    if not rest.endswith("]"):
        raise invalid_request(f"Invalid parameter name: {key}", param=key)
    parts.extend(rest[:-1].split("]["))
    return parts


def _assign(container: dict[str, Any], parts: list[str], value: str, full_key: str) -> None:
    node: Any = container
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, list):
            if part != "":
                raise invalid_request(f"Invalid array parameter: {full_key}", param=full_key)
            if last:
                node.append(value)
                return
            # ``a[][b]=1&a[][c]=2``: start a new element when the next key repeats
            nxt = parts[index + 1]
            if not node or not isinstance(node[-1], dict) or nxt in node[-1]:
                node.append({})
            node = node[-1]
            continue
        if not isinstance(node, dict):
            raise invalid_request(f"Invalid parameter nesting: {full_key}", param=full_key)
        if last:
            if part == "":
                raise invalid_request(f"Invalid parameter name: {full_key}", param=full_key)
            if isinstance(node.get(part), dict | list):
                raise invalid_request(f"Invalid parameter nesting: {full_key}", param=full_key)
            node[part] = value
            return
        following_is_append = parts[index + 1] == ""
        existing = node.get(part)
        if existing is None:
            existing = [] if following_is_append else {}
            node[part] = existing
        elif isinstance(existing, str):
            raise invalid_request(f"Invalid parameter nesting: {full_key}", param=full_key)
        node = existing


def parse_pairs(pairs: list[tuple[str, str]]) -> Params:
    result: Params = {}
    for key, value in pairs:
        _assign(result, split_key(key), value, key)
    return result


def parse_form(text: str) -> Params:
    return parse_pairs(parse_qsl(text, keep_blank_values=True))


def parse_body(body: bytes, content_type: str | None) -> Params:
    """Parse a request body: form encoding (what stripe-python sends for v1) or JSON
    (accepted for the ``/_fake`` control endpoints)."""
    if not body:
        return {}
    text = body.decode("utf-8")
    if content_type and content_type.split(";")[0].strip() == "application/json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise invalid_request(f"Invalid JSON body: {exc}") from exc
        if not isinstance(loaded, dict):
            raise invalid_request("JSON body must be an object")
        return loaded
    return parse_form(text)


def merge(query: Params, body: Params) -> Params:
    """Stripe accepts parameters in the query string and the body alike."""
    merged = dict(query)
    merged.update(body)
    return merged


def format_param(path: list[str | int]) -> str:
    """``["line_items", 0, "price"]`` -> ``"line_items[0][price]"`` as Stripe names params."""
    if not path:
        return ""
    head, *rest = path
    return str(head) + "".join(f"[{part}]" for part in rest)
