from django import template

from members.analytics.attribution import attribution_initial

register = template.Library()


@register.inclusion_tag("members/analytics/attribution_fields.html", takes_context=True)
def attribution_fields(context) -> dict:
    """Hidden fields carrying what led the reader to this form into the checkout."""
    request = context.get("request")
    return {"fields": attribution_initial(request).items() if request is not None else []}
