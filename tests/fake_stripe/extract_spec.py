"""Extract the small slices of Stripe's public reference data that the fake server needs.

Stripe's full OpenAPI spec is several MB and lives outside the repository
(``../shared/stripe``), so a fresh clone cannot read it at test time.  This script
copies just what the fake uses into committed files beside it:

* ``spec_subset.json``: the request-parameter schema (query parameters and form
  body merged into one object schema) of every operation the fake implements,
  with descriptions dropped and any ``$ref`` inlined.
* ``fixtures_subset.json``: the example objects (current API version) that the
  fake's response builders start from.
* ``LICENSE.stripe-openapi``: the MIT licence both files are distributed under.

Re-run it after adding an operation to ``OPERATIONS``::

    .venv/bin/python -m tests.fake_stripe.extract_spec [--source ../shared/stripe]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "stripe"
SPEC_FILE = "spec3.2023-08-16.json"
FIXTURES_FILE = "fixtures3.json"
LICENCE_FILE = "LICENSE.stripe-openapi"

# (method, path) of every endpoint the fake serves.  The operationId from the spec
# becomes the key the server's router uses to look the schema up.
OPERATIONS: list[tuple[str, str]] = [
    ("post", "/v1/customers"),
    ("get", "/v1/customers"),
    ("get", "/v1/customers/search"),
    ("get", "/v1/customers/{customer}"),
    ("post", "/v1/customers/{customer}"),
    ("delete", "/v1/customers/{customer}"),
    ("post", "/v1/products"),
    ("get", "/v1/products"),
    ("get", "/v1/products/{id}"),
    ("post", "/v1/products/{id}"),
    ("post", "/v1/prices"),
    ("get", "/v1/prices"),
    ("get", "/v1/prices/{price}"),
    ("post", "/v1/prices/{price}"),
    ("post", "/v1/checkout/sessions"),
    ("get", "/v1/checkout/sessions"),
    ("get", "/v1/checkout/sessions/{session}"),
    ("post", "/v1/checkout/sessions/{session}/expire"),
    ("get", "/v1/checkout/sessions/{session}/line_items"),
    ("post", "/v1/billing_portal/sessions"),
    ("get", "/v1/subscriptions"),
    ("get", "/v1/subscriptions/{subscription_exposed_id}"),
    ("post", "/v1/subscriptions/{subscription_exposed_id}"),
    ("delete", "/v1/subscriptions/{subscription_exposed_id}"),
    ("get", "/v1/invoices"),
    ("get", "/v1/invoices/{invoice}"),
    ("get", "/v1/payment_intents"),
    ("get", "/v1/payment_intents/{intent}"),
    ("get", "/v1/charges/{charge}"),
    ("post", "/v1/refunds"),
    ("get", "/v1/refunds"),
    ("get", "/v1/refunds/{refund}"),
    ("get", "/v1/events"),
    ("get", "/v1/events/{id}"),
]

# Example objects the response builders copy and then override.
FIXTURES: list[str] = [
    "billing_portal.session",
    "charge",
    "checkout.session",
    "customer",
    "deleted_customer",
    "event",
    "invoice",
    "invoice_payment",
    "item",
    "line_item",
    "payment_intent",
    "price",
    "product",
    "refund",
    "subscription",
    "subscription_item",
]

# Schema keywords the validator understands; everything else (descriptions,
# serialisation hints) is dropped to keep the committed file small.
KEPT_KEYWORDS = {
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "anyOf",
    "additionalProperties",
    "maxLength",
    "format",
    "title",
    "x-stripeBypassValidation",
}


def _prune(schema: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Return ``schema`` with $refs inlined and only validation keywords kept."""
    if isinstance(schema, list):
        return [_prune(item, components, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:  # recursive schema: accept anything below this point
            return {}
        return _prune(components[name], components, (*seen, name))
    pruned: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in KEPT_KEYWORDS:
            continue
        if key == "properties":
            pruned[key] = {
                prop: _prune(sub, components, seen) for prop, sub in sorted(value.items())
            }
        elif key in {"items", "anyOf"} or (key == "additionalProperties" and value is not False):
            pruned[key] = _prune(value, components, seen)
        else:
            pruned[key] = value
    return pruned


def _operation_params(operation: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """Merge an operation's query parameters and form body into one object schema.

    Stripe accepts parameters in either place, and stripe-python sends GET and
    DELETE parameters as a query string and POST parameters as a form body.
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for param in operation.get("parameters", []):
        if param["in"] != "query":
            continue
        properties[param["name"]] = _prune(param["schema"], components)
        if param.get("required"):
            required.append(param["name"])
    body = (
        operation.get("requestBody", {})
        .get("content", {})
        .get("application/x-www-form-urlencoded", {})
        .get("schema", {})
    )
    for name, sub in body.get("properties", {}).items():
        properties[name] = _prune(sub, components)
    required.extend(body.get("required", []))
    return {
        "type": "object",
        "properties": dict(sorted(properties.items())),
        "required": sorted(set(required)),
    }


def extract(source: Path, destination: Path) -> None:
    spec = json.loads((source / SPEC_FILE).read_text())
    components = spec["components"]["schemas"]
    operations: dict[str, Any] = {}
    for method, path in OPERATIONS:
        operation = spec["paths"][path][method]
        operations[operation["operationId"]] = {
            "method": method,
            "path": path,
            "params": _operation_params(operation, components),
        }
    subset = {
        "source": f"stripe/openapi {SPEC_FILE} (MIT licence, see {LICENCE_FILE})",
        "api_version": spec["info"]["version"],
        "generated_by": "tests/fake_stripe/extract_spec.py",
        "operations": operations,
    }
    (destination / "spec_subset.json").write_text(json.dumps(subset, indent=1) + "\n")

    resources = json.loads((source / FIXTURES_FILE).read_text())["resources"]
    fixtures = {
        "source": f"stripe/openapi {FIXTURES_FILE} (MIT licence, see {LICENCE_FILE})",
        "generated_by": "tests/fake_stripe/extract_spec.py",
        "resources": {name: resources[name] for name in FIXTURES},
    }
    (destination / "fixtures_subset.json").write_text(json.dumps(fixtures, indent=1) + "\n")
    shutil.copyfile(source / LICENCE_FILE, destination / LICENCE_FILE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--destination", type=Path, default=HERE)
    args = parser.parse_args()
    extract(args.source, args.destination)
    print(f"wrote spec_subset.json, fixtures_subset.json, {LICENCE_FILE} to {args.destination}")


if __name__ == "__main__":
    main()
