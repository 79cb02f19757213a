"""Who is counted, and as what: consent signals, bots, the day's salted reader hash.

No IP address or user agent is stored anywhere: they go, with the host and the
day's random salt, into a 64-bit hash that only lives in the beacon buffer until
it is folded into a HyperLogLog sketch. Once the day's salt is deleted the hash
cannot be recomputed, so a reader is never recognised across days.
"""

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

from crawlerdetect import CrawlerDetect
from django.core.cache import caches
from django.http import HttpRequest

from newsroom.client_ip import client_ip
from newsroom.clock import newsroom_timezone, newsroom_today

from .models import DailySalt

_crawlers = CrawlerDetect()
UTM_LENGTH = 100
PATH_LENGTH = 300


def counting_refused(request: HttpRequest) -> str | None:
    """Why this request must not be counted (or None): consent signals, bots, prefetches."""
    if request.headers.get("DNT") == "1":
        return "do-not-track"
    if request.headers.get("Sec-GPC") == "1":
        return "global-privacy-control"
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose or "prerender" in purpose:
        return "prefetch"
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent or _crawlers.isCrawler(user_agent):
        return "bot"
    return None


def salt_for(day: date) -> bytes:
    """The day's random salt, made once per day by whichever process needs it first."""
    key = f"analytics:salt:{day.isoformat()}"
    salt = caches["analytics"].get(key)
    if salt is None:
        # Normally `flush.salts_rotate` made it ahead of time, so this is a read.
        row, _ = DailySalt.objects.get_or_create(
            day=day, defaults={"salt": secrets.token_bytes(32)}
        )
        salt = bytes(row.salt)
        end_of_day = datetime.combine(day + timedelta(days=1), time.min, newsroom_timezone())
        seconds = (end_of_day - datetime.now(newsroom_timezone())).total_seconds()
        caches["analytics"].set(key, salt, max(60, int(seconds)))
    return salt


_salt_of_the_day: tuple[date, bytes] | None = None


def _salt_today(day: date) -> bytes:
    """`salt_for(day)`, kept in this process's memory while `day` lasts.

    Read on every beacon, so not from the cache each time. The next day's first
    beacon replaces it, and the flusher drops it once the day is over
    (`salt_forget`), so this copy outlives its day by one flush interval at most.
    """
    global _salt_of_the_day
    kept = _salt_of_the_day
    if kept is None or kept[0] != day:
        kept = _salt_of_the_day = (day, salt_for(day))
    return kept[1]


def salt_forget(*, before: date | None = None) -> None:
    """Drop the salt kept in memory (only if its day is before `before`, when given)."""
    global _salt_of_the_day
    kept = _salt_of_the_day
    if kept is not None and (before is None or kept[0] < before):
        _salt_of_the_day = None


def reader_hash(request: HttpRequest, *, day: date) -> int:
    return salted_hash(
        salt=_salt_today(day),
        # Behind our proxies, the address they saw (the rate limits' own rule).
        address=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        host=request.get_host(),
    )


def salted_hash(*, salt: bytes, address: str, user_agent: str, host: str) -> int:
    """A reader's 64-bit pseudonym for one day (keyed BLAKE2b of address, browser, site)."""
    material = "\n".join([address, user_agent, host]).encode()
    digest = hashlib.blake2b(material, digest_size=8, key=salt).digest()
    return int.from_bytes(digest, "little", signed=True)


def clean_path(value: object) -> str:
    """A site path as sent by the script ("/articles/x/"), or "" when it isn't one."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return ""
    return urlsplit(value).path[:PATH_LENGTH]


def referrer_domain(value: object, *, own_host: str) -> str:
    """The other site a reader came from ("news.ycombinator.com"), "" for our own or none."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        host = (urlsplit(value).hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    own = own_host.split(":")[0].lower().removeprefix("www.")
    if not host or host == own:
        return ""
    return host[:255]


def query_parameters(value: object) -> dict[str, str]:
    """The UTM parameters and the banner's own `via`/`campaign` from a query string."""
    if not isinstance(value, str):
        return {}
    parsed = parse_qs(value.removeprefix("?")[:2000])
    wanted = ("utm_source", "utm_medium", "utm_campaign", "via", "campaign")
    return {name: parsed[name][0][:UTM_LENGTH] for name in wanted if parsed.get(name)}


def today() -> date:
    return newsroom_today()
