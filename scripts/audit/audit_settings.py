"""Production settings for `make audit`'s throwaway site, with one difference.

Production requires a shared cache (CACHE_URL) for the rate limits, and
django-ratelimit's E003 check stops every command without one. The audit only reads
pages, so the in-process cache does; everything else is production's.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import SILENCED_SYSTEM_CHECKS

SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
