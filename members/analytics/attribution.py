"""Attribution: what brought a reader who paid, carried through Checkout metadata.

The membership and gift forms carry hidden fields (`attribution_fields`): the page
the reader came from (last touch, from the Referer of the form page), the first
page of their visit (from this tab's sessionStorage, set by analytics.js), and the
banner, newsletter or UTM tags of the link that led there. Creating the Checkout
Session copies them into its metadata (`attribution_metadata`); fulfilment, from
the webhook or the thank-you page, whichever runs first, turns them into one
`Conversion` (`conversion_record`). Nothing here identifies the reader.
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from newsroom.clock import newsroom_date

from . import counting
from .models import Conversion

PREFIX = "attr_"
FIELDS = ("last", "landing", "campaign", "via", "ref", "utm_source", "utm_medium", "utm_campaign")
VIA_CHOICES = {"banner", "newsletter", "email", "share"}


def _path_or_blank(value: str) -> str:
    return counting.clean_path(value)


def attribution_initial(request: HttpRequest) -> dict[str, str]:
    """The hidden fields' values for a form page: from a POST being re-shown, or the
    link (query) and the page before (Referer) on a GET. Nothing for a reader whose
    browser asks not to be tracked (Do Not Track, Global Privacy Control)."""
    if counting.counting_refused(request) in {"do-not-track", "global-privacy-control"}:
        return dict.fromkeys(FIELDS, "")
    if request.method == "POST":
        return {name: request.POST.get(f"attribution_{name}", "")[:300] for name in FIELDS}
    query = counting.query_parameters(request.GET.urlencode())
    referer = request.headers.get("Referer", "")
    last, external = "", ""
    if referer:
        if counting.referrer_domain(referer, own_host=request.get_host()):
            external = counting.referrer_domain(referer, own_host=request.get_host())
        else:
            last = _path_or_blank(urlsplit(referer).path)
    return {
        "last": last,
        "landing": "",
        "campaign": query.get("campaign", ""),
        "via": query.get("via", ""),
        "ref": external,
        "utm_source": query.get("utm_source", ""),
        "utm_medium": query.get("utm_medium", ""),
        "utm_campaign": query.get("utm_campaign", ""),
    }


def attribution_metadata(request: HttpRequest) -> dict[str, str]:
    """Checkout metadata from the form's hidden fields, cleaned (Stripe keeps 500 chars)."""
    if counting.counting_refused(request) in {"do-not-track", "global-privacy-control"}:
        return {}
    posted = {name: request.POST.get(f"attribution_{name}", "") for name in FIELDS}
    campaign = posted["campaign"] if posted["campaign"].isdigit() else ""
    cleaned = {
        "last": _path_or_blank(posted["last"]),
        "landing": _path_or_blank(posted["landing"]),
        "campaign": campaign[:10],
        "via": posted["via"] if posted["via"] in VIA_CHOICES else "",
        "ref": counting.referrer_domain(f"https://{posted['ref']}", own_host=request.get_host())
        if posted["ref"]
        else "",
        **{name: posted[name][: counting.UTM_LENGTH] for name in FIELDS if name.startswith("utm_")},
    }
    return {f"{PREFIX}{name}": value for name, value in cleaned.items() if value}


def checkout_started_record(request: HttpRequest, *, kind: str, metadata: dict[str, str]) -> None:
    """Count a checkout started (for the funnel), crediting the campaign of its banner."""
    from .beacon import event_record
    from .models import EventDay

    if counting.counting_refused(request):
        return
    event_record(
        kind=EventDay.Kind.CHECKOUT_STARTED,
        campaign_id=checkout_campaign_id(metadata),
        detail=kind,
    )


def checkout_campaign_id(metadata: dict[str, str]) -> int:
    value = metadata.get(f"{PREFIX}campaign", "")
    return int(value) if value.isdigit() else 0


def _article_id(path: str) -> int | None:
    from articles.models import Article

    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "articles" or match.url_name != "article":
        return None
    return Article.objects.filter(slug=match.kwargs["slug"]).values_list("pk", flat=True).first()


def conversion_record(
    *, kind: str, reference: str, metadata: dict, paid_at: datetime
) -> Conversion | None:
    """Record what brought this paid checkout (once per reference; later calls return it).

    Credits the article of the last page before the membership or gift page, or else
    the first page of the visit when that was an article.
    """
    existing = Conversion.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    values = {name: str(metadata.get(f"{PREFIX}{name}", "") or "") for name in FIELDS}
    last, landing = _path_or_blank(values["last"]), _path_or_blank(values["landing"])
    article_id = (_article_id(last) if last else None) or (
        _article_id(landing) if landing else None
    )
    try:
        # A savepoint: on PostgreSQL a failed INSERT would otherwise abort the
        # fulfilment's transaction around it.
        with transaction.atomic():
            return Conversion.objects.create(
                kind=kind,
                reference=reference,
                paid_at=paid_at,
                day=newsroom_date(paid_at),
                article_id=article_id,
                last_path=last,
                landing_path=landing,
                campaign_id=checkout_campaign_id(metadata),
                via=values["via"][:30],
                referrer_domain=values["ref"][:255],
                utm_source=values["utm_source"][:100],
                utm_medium=values["utm_medium"][:100],
                utm_campaign=values["utm_campaign"][:100],
            )
    except IntegrityError:
        # The webhook and the thank-you page at the same moment: the other one won.
        return Conversion.objects.filter(reference=reference).first()
