from django import template
from wagtail.models import Page, Site

from bakerydemo.base.models import FooterText

register = template.Library()


@register.simple_tag(takes_context=True)
def get_site_root(context):
    return Site.find_for_request(context["request"]).root_page


def has_menu_children(page):
    return page.get_children().live().in_menu().exists()


def has_children(page):
    return page.get_children().live().exists()


def is_active(page, current_page):
    return current_page.url_path.startswith(page.url_path) if current_page else False


@register.inclusion_tag("tags/top_menu.html", takes_context=True)
def top_menu(context, parent, calling_page=None):
    menuitems = parent.get_children().live().in_menu()
    for menuitem in menuitems:
        menuitem.show_dropdown = has_menu_children(menuitem)
        menuitem.active = is_active(menuitem, calling_page)
    return {"calling_page": calling_page, "menuitems": menuitems, "request": context["request"]}


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    self = context.get("self")
    if self is None or self.depth <= 2:
        ancestors = ()
    else:
        ancestors = Page.objects.ancestor_of(self, inclusive=True).filter(depth__gt=1)
    return {"ancestors": ancestors, "request": context["request"]}


@register.inclusion_tag("base/include/footer_text.html", takes_context=True)
def get_footer_text(context):
    footer_text = context.get("footer_text", "")
    if not footer_text:
        instance = FooterText.objects.filter(live=True).first()
        footer_text = instance.body if instance else ""
    return {"footer_text": footer_text}
