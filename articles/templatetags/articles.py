from django import template

from ..models import Article, Section
from ..structured_data import share_links

register = template.Library()


@register.inclusion_tag("articles/includes/nav_sections.html", takes_context=True)
def nav_sections(context) -> dict:
    request = context.get("request")
    return {
        "sections": Section.objects.navigation(),
        "current_path": request.path if request else "",
    }


@register.simple_tag
def article_share_links(article: Article) -> list[dict]:
    return share_links(article)
