"""Subscription objects shaped like Stripe's (fixtures3.json), for state tests."""

import time

DAY = 86400


def subscription(
    sub_id: str = "sub_test_1",
    *,
    status: str = "active",
    cancel_at_period_end: bool = False,
    period_end: int | None = None,
    customer: str = "cus_test_1",
    lookup_key: str | None = None,
    amount: int = 500,
    interval: str = "month",
    ended_at: int | None = None,
) -> dict:
    now = int(time.time())
    period_end = period_end or now + 30 * DAY
    return {
        "id": sub_id,
        "object": "subscription",
        "status": status,
        "customer": customer,
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": period_end if cancel_at_period_end else None,
        "created": now,
        "start_date": now,
        "ended_at": ended_at,
        "latest_invoice": "in_test_1",
        "metadata": {"newsroom_kind": "membership"},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_test_1",
                    "object": "subscription_item",
                    "current_period_start": period_end - 30 * DAY,
                    "current_period_end": period_end,
                    "price": {
                        "id": "price_test_1",
                        "object": "price",
                        "currency": "eur",
                        "unit_amount": amount,
                        "lookup_key": lookup_key,
                        "recurring": {"interval": interval, "interval_count": 1},
                    },
                }
            ],
        },
    }
