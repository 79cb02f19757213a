"""The reader's IP address: one answer for django-allauth and django-ratelimit alike.

Behind a reverse proxy every request comes from the proxy's address, so limits keyed
on REMOTE_ADDR would count all readers as one. Each proxy we run appends the address
it saw to X-Forwarded-For; whatever comes before those entries was sent by the
client and can say anything. So we take the entry appended by the outermost of our
`TRUSTED_PROXY_COUNT` proxies (counting from the right), the same rule as allauth's
ALLAUTH_TRUSTED_PROXY_COUNT and Django REST framework's NUM_PROXIES, and never an
entry further left: a forged header cannot choose the address a limit counts.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    trusted = settings.TRUSTED_PROXY_COUNT or 0
    if trusted:
        hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            # Fewer entries than proxies: the outer proxies were bypassed, and the
            # first entry is still one a proxy of ours wrote.
            candidate = _address(hops[max(len(hops) - trusted, 0)])
            if candidate:
                return candidate
    return _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
