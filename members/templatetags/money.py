from django import template

from members.money import format_money

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    """`{{ price.amount|money:price.currency }}` -> "€5"."""
    return format_money(amount, currency or "")
