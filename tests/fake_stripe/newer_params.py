"""Differences between the committed 2023-08-16 spec and the API stripe-python 16 speaks.

The spec subset (``spec_subset.json``) comes from Stripe's 2023 OpenAPI file, but the
app runs stripe-python 16 (API ``2026-10-28``).  Parameters added since 2023 would be
rejected as unknown, and parameters removed since would wrongly be accepted, so this
module patches the loaded schemas:

* ``NEWER_PARAMS`` - an explicit allowlist of newer parameters, each with a schema
  (taken from stripe-python 16's ``stripe/params`` TypedDicts).  Add an entry here when
  the app starts sending a parameter the fake calls unknown.
* ``REMOVED_PARAMS`` - parameters in the 2023 spec that stripe-python 16 no longer has.
* ``REPLACED_PARAMS`` - parameters whose accepted values changed.
* ``NO_LONGER_REQUIRED`` - parameters that became conditionally required.

Paths use ``.`` for object properties and ``[]`` for array items, e.g.
``line_items[].metadata``.
"""

from __future__ import annotations

import copy
from typing import Any

Schema = dict[str, Any]

STRING: Schema = {"type": "string", "maxLength": 5000}
BOOLEAN: Schema = {"type": "boolean"}
INTEGER: Schema = {"type": "integer"}
METADATA: Schema = {"type": "object", "additionalProperties": {"type": "string"}}
EMPTY: Schema = {"enum": [""], "type": "string"}  # Stripe's "unset this" value


def enum(*values: str) -> Schema:
    return {"type": "string", "enum": list(values)}


def obj(required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    return {"type": "object", "properties": properties, "required": list(required)}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def unsettable(schema: Schema) -> Schema:
    return {"anyOf": [schema, EMPTY]}


_ISSUER = obj(("type",), account=STRING, type=enum("account", "self"))
_NAME_COLLECTION_PART = obj(("enabled",), enabled=BOOLEAN, optional=BOOLEAN)
_IMAGE = obj(("type",), file=STRING, type=enum("file", "url"), url=STRING)
_CUSTOM_TEXT = unsettable(obj(("message",), message={"type": "string", "maxLength": 1200}))

NEWER_PARAMS: dict[str, dict[str, Schema]] = {
    "PostCheckoutSessions": {
        # ui_mode values were renamed in 2025; both spellings are accepted.
        "ui_mode": enum(
            "hosted_page", "embedded_page", "elements", "form", "hosted", "embedded", "custom"
        ),
        "return_url": STRING,
        "redirect_on_completion": enum("always", "if_required", "never"),
        "adaptive_pricing": obj(enabled=BOOLEAN),
        "allowed_payment_method_types": array(STRING),
        "excluded_payment_method_types": array(STRING),
        "branding_settings": obj(
            background_color=unsettable(STRING),
            border_style=unsettable(enum("pill", "rectangular", "rounded")),
            button_color=unsettable(STRING),
            display_name=STRING,
            font_family=unsettable(STRING),
            icon=_IMAGE,
            logo=_IMAGE,
        ),
        "customer_account": STRING,
        "integration_identifier": STRING,
        "managed_payments": obj(enabled=BOOLEAN),
        "name_collection": obj(business=_NAME_COLLECTION_PART, individual=_NAME_COLLECTION_PART),
        "optional_items": array(
            obj(
                ("price", "quantity"),
                adjustable_quantity=obj(
                    ("enabled",), enabled=BOOLEAN, maximum=INTEGER, minimum=INTEGER
                ),
                price=STRING,
                quantity=INTEGER,
            )
        ),
        "origin_context": enum("mobile_app", "web"),
        "payment_method_configuration": STRING,
        "payment_method_data": obj(allow_redisplay=enum("always", "limited", "unspecified")),
        "permissions": obj(update_shipping_details=enum("client_only", "server_only")),
        "saved_payment_method_options": obj(
            allow_redisplay_filters=array(enum("always", "limited", "unspecified")),
            payment_method_remove=enum("disabled", "enabled"),
            payment_method_save=enum("disabled", "enabled"),
        ),
        "wallet_options": obj(link=obj(display=enum("auto", "never"))),
        "line_items[].metadata": METADATA,
        "line_items[].price_data.product_data.unit_label": STRING,
        "subscription_data.billing_mode": obj(
            ("type",),
            type=enum("classic", "flexible"),
            flexible=obj(proration_discounts=enum("included", "itemized")),
        ),
        "subscription_data.invoice_settings": obj(issuer=_ISSUER),
        "consent_collection.payment_method_reuse_agreement": obj(
            ("position",), position=enum("auto", "hidden")
        ),
        "automatic_tax.liability": _ISSUER,
        "custom_text.after_submit": _CUSTOM_TEXT,
        "custom_text.terms_of_service_acceptance": _CUSTOM_TEXT,
        "invoice_creation.invoice_data.issuer": _ISSUER,
        "tax_id_collection.required": enum("if_supported", "never"),
    },
    "GetCheckoutSessions": {
        "status": enum("complete", "expired", "open"),
        "customer_account": STRING,
    },
    "PostBillingPortalSessions": {"customer_account": STRING},
    "PostCustomers": {
        "business_name": unsettable(STRING),
        "individual_name": unsettable(STRING),
        "validate": BOOLEAN,
    },
    "PostCustomersCustomer": {
        "business_name": unsettable(STRING),
        "individual_name": unsettable(STRING),
        "validate": BOOLEAN,
    },
    "PostProducts": {
        "type": enum("good", "service"),
        "marketing_features": array(obj(("name",), name=STRING)),
        "default_price_data.metadata": METADATA,
    },
    "PostProductsId": {"marketing_features": unsettable(array(obj(("name",), name=STRING)))},
    "GetProducts": {"type": enum("good", "service")},
    "PostPrices": {"recurring.meter": STRING, "recurring.trial_period_days": INTEGER},
    "PostSubscriptionsSubscriptionExposedId": {
        "discounts": unsettable(array(obj(coupon=STRING, discount=STRING, promotion_code=STRING))),
        "invoice_settings": obj(account_tax_ids=unsettable(array(STRING)), issuer=_ISSUER),
    },
    "GetSubscriptions": {"customer_account": STRING},
    "GetInvoices": {"customer_account": STRING},
}

REMOVED_PARAMS: dict[str, list[str]] = {
    "PostCheckoutSessions": ["payment_method_types", "line_items[].dynamic_tax_rates"],
    "PostCustomers": ["coupon", "promotion_code"],
    "PostCustomersCustomer": ["coupon", "promotion_code"],
    "PostProducts": ["features"],
    "PostProductsId": ["features"],
    "PostPrices": ["recurring.aggregate_usage"],
    "PostSubscriptionsSubscriptionExposedId": ["coupon", "promotion_code"],
}

# Required in 2023 but conditional now; the operation handler enforces the condition
# (success_url is required for hosted Checkout and refused for embedded/elements).
NO_LONGER_REQUIRED: dict[str, list[str]] = {"PostCheckoutSessions": ["success_url"]}

REPLACED_PARAMS: dict[str, dict[str, Schema]] = {
    "PostSubscriptionsSubscriptionExposedId": {
        # 2025 added the symbolic values next to a timestamp.
        "cancel_at": {"anyOf": [INTEGER, enum("", "max_period_end", "min_period_end")]},
    },
}


def _object_schema(schema: Schema) -> Schema:
    """The object-typed schema inside ``schema`` (looking through ``anyOf``)."""
    if schema.get("type") == "object":
        return schema
    for option in schema.get("anyOf", []):
        if option.get("type") == "object":
            return option
    raise KeyError("no object schema")


def _parent_and_name(root: Schema, path: str) -> tuple[Schema, str]:
    """Walk ``line_items[].price_data`` style paths to the schema owning the last name."""
    names = path.split(".")
    node = root
    for name in names[:-1]:
        is_array = name.endswith("[]")
        node = _object_schema(node)["properties"][name.removesuffix("[]")]
        if is_array:
            node = node["items"] if "items" in node else _array_items(node)
    return _object_schema(node), names[-1]


def _array_items(schema: Schema) -> Schema:
    for option in schema.get("anyOf", []):
        if option.get("type") == "array":
            return option["items"]
    raise KeyError("no array schema")


def apply(operation_id: str, params_schema: Schema) -> Schema:
    """Return a copy of an operation's parameter schema with this module's changes."""
    schema = copy.deepcopy(params_schema)
    for path in REMOVED_PARAMS.get(operation_id, []):
        parent, name = _parent_and_name(schema, path)
        parent["properties"].pop(name)
        if name in parent.get("required", []):
            parent["required"].remove(name)
    for path in NO_LONGER_REQUIRED.get(operation_id, []):
        parent, name = _parent_and_name(schema, path)
        parent["required"].remove(name)
    for table in (NEWER_PARAMS, REPLACED_PARAMS):
        for path, sub in table.get(operation_id, {}).items():
            parent, name = _parent_and_name(schema, path)
            parent.setdefault("properties", {})[name] = copy.deepcopy(sub)
    return schema
