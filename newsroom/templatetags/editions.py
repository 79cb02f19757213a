from django import template

from ..editions import Editions, edition_links

register = template.Library()


@register.simple_tag(takes_context=True)
def editions(context) -> Editions:
    """This page in every edition. Views whose page is a different object in each
    language (an article and its translations) pass `edition_urls` {code: path}."""
    return edition_links(context.get("request"), context.get("edition_urls"))
