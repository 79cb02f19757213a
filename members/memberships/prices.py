"""Plans in Stripe: the Product and Price behind each `PlanPrice`, found or created lazily."""

from members.billing import gateway

from .models import PlanPrice

KIND = "membership"


def plan_price_stripe_id(*, price: PlanPrice) -> str:
    """The id of the Stripe Price for `price`, found by its lookup key or created.

    Looked up lazily (at checkout), so the demo and a fresh Stripe account need no
    set-up step. When an editor changed the amount, a new Stripe Price is created
    and the lookup key moves to it (`transfer_lookup_key`).
    """
    client = gateway.stripe_client()
    found = client.v1.prices.list(
        params={"lookup_keys": [price.stripe_lookup_key], "active": True, "limit": 1}
    )
    for candidate in found.data:
        recurring = candidate.recurring
        if (
            candidate.unit_amount == price.amount
            and candidate.currency == price.currency
            and recurring is not None
            and recurring.interval == price.interval
        ):
            return candidate.id
    created = client.v1.prices.create(
        params={
            "product": plan_product_id(price=price),
            "currency": price.currency,
            "unit_amount": price.amount,
            "recurring": {"interval": price.interval},
            "lookup_key": price.stripe_lookup_key,
            "transfer_lookup_key": True,
            "nickname": str(price),
            "metadata": {"newsroom_kind": KIND, "plan_price_id": str(price.pk)},
        },
        options={
            "idempotency_key": gateway.idempotency_key(
                "plan-price", price.stripe_lookup_key, price.amount, price.currency, price.interval
            )
        },
    )
    return created.id


def plan_product_id(*, price: PlanPrice) -> str:
    """The Stripe Product of a plan, with a stable id we choose (created when missing)."""
    client = gateway.stripe_client()
    product_id = f"newsroom_plan_{price.plan.slug}"
    try:
        client.v1.products.retrieve(product_id)
    except gateway.InvalidRequestError as error:
        if not gateway.is_not_found(error):
            raise
        client.v1.products.create(
            params={
                "id": product_id,
                "name": f"{price.plan.name} membership",
                "metadata": {"newsroom_kind": KIND},
            },
            options={"idempotency_key": gateway.idempotency_key("plan-product", product_id)},
        )
    return product_id
