"""The site's URLs plus /bench/ceiling/: a 30 KB template, no database, every middleware.

It is the fastest any Django page can be on the machine, so `make bench` states the
other pages' speed as a share of it.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

_PARAGRAPH = (
    "<p>{{ site_name }} reports from {{ city }}: residents gathered at the school as "
    "engineers restored power to the last streets left dark after the strike. Volunteers "
    "handed out tea and charged phones while the queue moved slowly past the gate.</p>\n"
)
_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>{{ site_name }}</title></head><body><main>"
    + _PARAGRAPH * 118
    + "<ul>{% for item in items %}<li><a href='/articles/{{ item }}/'>Story {{ item }}</a>"
    "</li>{% endfor %}</ul></main></body></html>"
)


def ceiling(request: HttpRequest) -> HttpResponse:
    context = {"site_name": "The Kyiv Ledger", "city": "Kyiv", "items": range(40)}
    return HttpResponse(_TEMPLATE.render(context, request))


urlpatterns = [path("bench/ceiling/", ceiling), *site_urlpatterns]
