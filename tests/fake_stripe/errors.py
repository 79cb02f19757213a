"""Stripe-style API errors raised by the fake and rendered as ``{"error": {...}}`` bodies.

stripe-python picks its exception class from the HTTP status and ``error.type``
(400/404 -> ``InvalidRequestError``, 400 + ``idempotency_error`` -> ``IdempotencyError``,
401 -> ``AuthenticationError``, 402 -> ``CardError``), so getting both right matters
more than the exact wording of messages.
"""

from __future__ import annotations

from typing import Any


class StripeError(Exception):
    """An error the fake answers with instead of a resource."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.param = param
        self.code = code
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.param is not None:
            error["param"] = self.param
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = f"https://docs.stripe.com/error-codes/{self.code.replace('_', '-')}"
        error.update(self.extra)
        return {"error": error}


def invalid_request(message: str, param: str | None = None, code: str | None = None) -> StripeError:
    return StripeError(message, param=param, code=code)


def no_such(kind: str, object_id: str, param: str | None = "id") -> StripeError:
    """The 404 Stripe returns for an unknown id, e.g. ``No such customer: 'cus_123'``."""
    return StripeError(
        f"No such {kind}: '{object_id}'", status=404, param=param, code="resource_missing"
    )


def unknown_parameter(param: str, suggestion: str | None = None) -> StripeError:
    message = f"Received unknown parameter: {param}"
    if suggestion:
        message += f". Did you mean {suggestion}?"
    return StripeError(message, param=param, code="parameter_unknown")


def missing_parameter(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", param=param, code="parameter_missing")


def idempotency_error(message: str) -> StripeError:
    return StripeError(message, type="idempotency_error")


def authentication_error(message: str) -> StripeError:
    return StripeError(message, status=401)
