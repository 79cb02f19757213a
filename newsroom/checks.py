"""Deployment checks (`manage.py check --deploy`) for settings only an operator can set."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def client_ip_check(app_configs, **kwargs) -> list[Error]:
    if settings.TRUSTED_PROXY_COUNT is None:
        return [
            Error(
                "TRUSTED_PROXY_COUNT is not set.",
                hint=(
                    "Set it to the number of reverse proxies in front of the web process "
                    "(1 for one nginx; 0 if clients connect directly). Without it every "
                    "reader behind the proxy shares one rate limit."
                ),
                id="newsroom.E001",
            )
        ]
    return []
