"""Time passing: the fake clock and what falls due as it moves.

Like Stripe's test clocks, advancing time runs the scheduled changes in order:
renewals, cancellations at ``cancel_at`` / period end, Checkout Session expiry.
"""

from __future__ import annotations

from .billing import (
    LIVE_SUBSCRIPTION_STATUSES,
    cancel_subscription,
    current_period,
    renew_subscription,
)
from .checkout import expire_checkout_session
from .errors import invalid_request
from .state import State, StripeObject


def _next_due(state: State) -> tuple[int, StripeObject] | None:
    """The subscription or session whose next scheduled change comes first."""
    candidates: list[tuple[int, int, StripeObject]] = []
    for order, subscription in enumerate(state.all("subscription")):
        if subscription["status"] in LIVE_SUBSCRIPTION_STATUSES:
            _, period_end = current_period(subscription)
            due = min(period_end, subscription["cancel_at"] or period_end)
            candidates.append((due, order, subscription))
    for order, session in enumerate(state.all("checkout.session")):
        if session["status"] == "open":
            candidates.append((session["expires_at"], order, session))
    if not candidates:
        return None
    due, _, obj = min(candidates, key=lambda entry: (entry[0], entry[1]))
    return due, obj


def advance_clock(state: State, seconds: int) -> int:
    """Move the fake clock forward, running what falls due on the way, in time order:
    subscription renewals (using any ``next_renewal_outcome``), cancellations at
    ``cancel_at`` / period end, and Checkout Session expiry.  Returns the new time."""
    if seconds < 0:
        raise invalid_request("The fake clock only moves forward.", param="seconds")
    target = state.now() + seconds
    for _ in range(10_000):  # a guard against runaway loops (e.g. daily prices over decades)
        upcoming = _next_due(state)
        if upcoming is None or upcoming[0] > target:
            break
        due, obj = upcoming
        state.clock.advance(max(0, due - state.now()))
        if obj["object"] == "checkout.session":
            expire_checkout_session(state, obj)
        elif obj["cancel_at"] is not None and obj["cancel_at"] < current_period(obj)[1]:
            cancel_subscription(
                state, obj, reason=obj["cancellation_details"]["reason"] or "cancellation_requested"
            )
        else:
            renew_subscription(state, obj)
    state.clock.advance(max(0, target - state.now()))
    return state.now()
