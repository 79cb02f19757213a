"""Check request parameters against Stripe's OpenAPI schemas, the way Stripe's API does.

Every ``/v1`` request is validated against the schema of its operation in
``spec_subset.json`` (patched by :mod:`.newer_params`) before the fake acts on it:

* unknown or misspelled keys, at any depth -> ``Received unknown parameter: x``
  (with a "Did you mean" suggestion, like Stripe);
* missing required keys -> ``Missing required param: x.``;
* wrong types (``Invalid integer: abc``), values outside an ``enum``, over-long strings;
* ``""`` where the parameter cannot be unset (``You passed an empty string for ...``).

Validation also *coerces* the form-encoded strings to what the schema says
(``"true"`` -> ``True``, ``"12"`` -> ``12``, ``{"0": ...}`` -> ``[...]``), so the
operation handlers receive typed, nested Python values.
"""

from __future__ import annotations

import difflib
import functools
import json
import logging
import re
from pathlib import Path
from typing import Any

from . import newer_params
from .errors import StripeError, invalid_request, missing_parameter, unknown_parameter
from .params import Params, format_param

log = logging.getLogger(__name__)

SPEC_PATH = Path(__file__).with_name("spec_subset.json")
Schema = dict[str, Any]
Path_ = list[str | int]
_INTEGER = re.compile(r"-?\d+")


@functools.cache
def operations() -> dict[str, Schema]:
    """operationId -> {"method", "path", "params"} with the newer-API patches applied."""
    raw = json.loads(SPEC_PATH.read_text())["operations"]
    return {
        operation_id: {**operation, "params": newer_params.apply(operation_id, operation["params"])}
        for operation_id, operation in raw.items()
    }


def validate_params(operation_id: str, params: Params) -> Params:
    """Validate and coerce ``params`` for an operation; raise :class:`StripeError` if bad."""
    schema = operations()[operation_id]["params"]
    try:
        return _validate_object(params, schema, [])
    except StripeError as error:
        if error.code == "parameter_unknown":
            # Helps whoever extends the app: the spec may simply predate the parameter.
            log.warning(
                "fake_stripe rejected %s for %s; if it exists in the current API, allowlist "
                "it in tests/fake_stripe/newer_params.py",
                error.param,
                operation_id,
            )
        raise


def _validate(value: Any, schema: Schema, path: Path_, *, allow_empty: bool = False) -> Any:
    if not schema:  # ``{}`` accepts anything (used for recursive schemas)
        return value
    if "anyOf" in schema:
        return _validate_any_of(value, schema["anyOf"], path)
    if value == "" and not allow_empty and "" not in schema.get("enum", []):
        param = format_param(path)
        raise invalid_request(
            f"You passed an empty string for '{param}'. We assume empty values are an attempt "
            f"to unset a parameter; however '{param}' cannot be unset. You should remove "
            f"'{param}' from your request or supply a non-empty value.",
            param=param,
        )
    kind = schema.get("type")
    if kind == "object":
        return _validate_object(value, schema, path)
    if kind == "array":
        return _validate_array(value, schema, path)
    if kind == "string":
        return _validate_string(value, schema, path)
    if kind == "integer":
        return _validate_integer(value, path)
    if kind == "number":
        return _validate_number(value, path)
    if kind == "boolean":
        return _validate_boolean(value, path)
    return value


def _kind_of_value(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "scalar"


def _kind_of_schema(schema: Schema) -> str:
    kind = schema.get("type")
    return kind if kind in {"object", "array"} else "scalar"


def _validate_any_of(value: Any, options: list[Schema], path: Path_) -> Any:
    failures: list[tuple[Schema, StripeError]] = []
    for option in options:
        try:
            return _validate(value, option, path)
        except StripeError as error:
            failures.append((option, error))
    # Report the error of the alternative that looks like what was sent: a dict sent
    # for "object or ''" should complain about the object's keys, not about ''.
    value_kind = _kind_of_value(value)
    for option, error in failures:
        if _kind_of_schema(option) == value_kind and option.get("enum") != [""]:
            raise error
    raise failures[0][1]


def _validate_object(value: Any, schema: Schema, path: Path_) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid_request("Invalid object", param=format_param(path) or None)
    properties: dict[str, Schema] | None = schema.get("properties")
    additional = schema.get("additionalProperties")
    result: dict[str, Any] = {}
    for key, sub in value.items():
        if properties is not None and key in properties:
            result[key] = _validate(sub, properties[key], [*path, key])
        elif isinstance(additional, dict):
            # metadata-style maps: any key, and "" unsets a key
            result[key] = _validate(sub, additional, [*path, key], allow_empty=True)
        elif properties is None and additional is None:
            result[key] = sub  # free-form object in the spec
        else:
            matches = difflib.get_close_matches(key, list(properties or {}), n=1, cutoff=0.75)
            suggestion = format_param([*path, matches[0]]) if matches else None
            raise unknown_parameter(format_param([*path, key]), suggestion)
    for name in schema.get("required", []):
        if name not in value:
            raise missing_parameter(format_param([*path, name]))
    return result


def _validate_array(value: Any, schema: Schema, path: Path_) -> list[Any]:
    param = format_param(path)
    if isinstance(value, dict) and all(key.isdigit() for key in value):
        items = [value[key] for key in sorted(value, key=int)]
    elif isinstance(value, list):
        items = value
    else:
        raise invalid_request(f"Invalid array: {param} must be an array", param=param)
    item_schema = schema.get("items", {})
    return [_validate(item, item_schema, [*path, index]) for index, item in enumerate(items)]


def _validate_string(value: Any, schema: Schema, path: Path_) -> str:
    param = format_param(path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # JSON callers may send numbers for string ids
    if not isinstance(value, str):
        raise invalid_request(f"Invalid string: {param} must be a string", param=param)
    max_length = schema.get("maxLength")
    if max_length is not None and len(value) > max_length:
        raise invalid_request(
            f"Invalid string: {value[:30]}...; must be at most {max_length} characters",
            param=param,
        )
    allowed = schema.get("enum")
    if allowed and value not in allowed and not schema.get("x-stripeBypassValidation"):
        choices = [choice for choice in allowed if choice != ""]
        listed = ", ".join(choices[:-1]) + (f", or {choices[-1]}" if len(choices) > 1 else "")
        raise invalid_request(
            f"Invalid {param}: must be one of {listed or choices[0]}", param=param
        )
    return value


def _validate_integer(value: Any, path: Path_) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise invalid_request(f"Invalid integer: {value}", param=format_param(path))


def _validate_number(value: Any, path: Path_) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise invalid_request(f"Invalid decimal: {value}", param=format_param(path)) from None


def _validate_boolean(value: Any, path: Path_) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise invalid_request(f"Invalid boolean: {value}", param=format_param(path))
