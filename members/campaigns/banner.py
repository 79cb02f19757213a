"""What the site-wide banner shows, read from the cache so a warm banner costs no query.

Two cache entries:

- the featured campaign (`campaign_key()`, one per edition, as its texts are in the
  edition's language): a small dict, or `NO_CAMPAIGN`. Cleared
  when a count or a campaign changes (after commit), and kept at most
  `CAMPAIGN_SECONDS`, so with a per-process cache (locmem, several workers) a
  new member still shows up in every process within seconds;
- whether a signed-in reader is a member (`member_key(user_id)`), kept
  `MEMBER_SECONDS` and cleared when their membership starts, so a new member
  sees the thank-you right after checkout. A membership that ends, or a gift
  redeemed (its start was counted when it was paid), changes the variant within
  a minute.

On a cold cache both are read with one query (the campaign row, its counter and an
EXISTS over the reader's live membership).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists
from django.utils.translation import get_language

from members.memberships.models import Membership
from newsroom.http_cache.purge import pages_changed

from .models import Campaign

CAMPAIGN_KEY_PREFIX = "campaigns:featured:v3"
FIGURES_KEY = "campaigns:figures:v1"
FIGURES_SECONDS = 60
CAMPAIGN_SECONDS = 10
MEMBER_SECONDS = 60
NO_CAMPAIGN = "none"
SESSION_DISMISSED = "campaign_banner_dismissed"


def campaign_key() -> str:
    # One entry per edition: the summary holds the banner's texts in that language
    # (the count in each is the same number).
    return f"{CAMPAIGN_KEY_PREFIX}:{get_language()}"


def member_key(user_id: int) -> str:
    return f"campaigns:member:v1:{user_id}"


def campaign_cache_clear() -> None:
    cache.delete_many([f"{CAMPAIGN_KEY_PREFIX}:{code}" for code, _name in settings.LANGUAGES])
    # Every page shows the count: Django's page cache drops them now; shared caches
    # keep them at most CAMPAIGN_SECONDS (newsroom/http_cache/policy.py), so a busy
    # campaign does not purge the front cache at every new member.
    pages_changed({"site", "campaign"}, purge_front=False)


def member_cache_clear(user_id: int) -> None:
    cache.delete(member_key(user_id))


def campaign_summary(campaign: Campaign) -> dict:
    """The banner's view of a campaign (plain data, so it can be cached)."""
    counter = getattr(campaign, "counter", None)
    count = campaign.starting_count + (counter.members if counter is not None else 0)
    return {
        "id": campaign.pk,
        "slug": campaign.slug,
        "name": campaign.name,
        "goal": campaign.goal,
        "count": count,
        "percent": min(100, int(100 * count / campaign.goal)) if campaign.goal else 100,
        "reached": count >= campaign.goal,
        "banner_text": campaign.banner_text,
        "thanks_text": campaign.thanks_text,
        "member_button_label": campaign.member_button_label,
        "gift_button_label": campaign.gift_button_label,
        "appeal": campaign.appeal,
    }


def _featured_load(*, viewer_id: int | None) -> tuple[dict | str, bool | None]:
    campaigns = Campaign.objects.featured().select_related("counter")
    if viewer_id is not None:
        campaigns = campaigns.annotate(
            viewer_is_member=Exists(Membership.objects.live().filter(user_id=viewer_id))
        )
    campaign = campaigns.first()
    if campaign is None:
        return NO_CAMPAIGN, None
    return campaign_summary(campaign), getattr(campaign, "viewer_is_member", None)


def banner_for(request) -> dict | None:
    """The banner for this request: the campaign summary plus the variant to show.

    Returns None when no campaign is featured or the reader dismissed it for the
    session. Variants: "thanks" for live members, "ask" for everyone else.
    """
    user = getattr(request, "user", None)
    viewer_id = user.pk if user is not None and user.is_authenticated else None
    keys = [campaign_key()] + ([member_key(viewer_id)] if viewer_id else [])
    cached = cache.get_many(keys)
    summary = cached.get(campaign_key())
    is_member = cached.get(member_key(viewer_id)) if viewer_id else False

    if summary is None:
        summary, viewer_is_member = _featured_load(
            viewer_id=viewer_id if is_member is None else None
        )
        cache.set(campaign_key(), summary, CAMPAIGN_SECONDS)
        if viewer_is_member is not None:
            is_member = viewer_is_member
            cache.set(member_key(viewer_id), is_member, MEMBER_SECONDS)
    if summary == NO_CAMPAIGN:
        return None
    if request.session.get(SESSION_DISMISSED) == summary["id"]:
        return None
    if is_member is None:
        is_member = Membership.objects.live().filter(user_id=viewer_id).exists()
        cache.set(member_key(viewer_id), is_member, MEMBER_SECONDS)
    return {**summary, "variant": "thanks" if is_member else "ask"}


def featured_summary() -> dict | None:
    """The featured campaign's summary from the cache (one query when cold), or None."""
    summary = cache.get(campaign_key())
    if summary is None:
        summary, _ = _featured_load(viewer_id=None)
        cache.set(campaign_key(), summary, CAMPAIGN_SECONDS)
    return None if summary == NO_CAMPAIGN else summary


def figures_cached():
    """The supporter figures fit to show, cached for a minute.

    Reading them never recomputes them: `campaigns_recount` (an hourly periodic
    job) does, so rendering a page has no side effects.
    """
    from .progress import supporter_figures

    figures = cache.get(FIGURES_KEY)
    if figures is None:
        figures = supporter_figures()
        cache.set(FIGURES_KEY, figures, FIGURES_SECONDS)
    return figures
