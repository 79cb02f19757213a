"""Reader pages: home, article, author, section, tag, News Feed, archives, search, preview.

Every list starts from `Article.objects.published()` (through `for_listing()`), so
drafts, scheduled and unpublished articles never reach readers. Query counts are
budgeted (see tests/articles/test_query_budgets.py): lists prefetch the byline in
one query and nothing below runs a query per article.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DayArchiveView, MonthArchiveView, YearArchiveView

from newsroom.http_cache.policy import cache_tags_add, public_page

from . import roles, story
from .models import (
    Article,
    ArticleAuthor,
    Author,
    Brief,
    EditorsPick,
    Section,
)
from .paging import UncountedPaginator
from .search import articles_search
from .structured_data import article_json_ld, news_feed_json_ld
from .tags import tags_as_json, tags_from_json, tags_with_local_names

PAGE_SIZE = 20
HOME_LATEST = 4
HOME_MORE = 8
SIDEBAR_BRIEFS = 8
SIDEBAR_PICKS = 6
# Surrogate keys (newsroom/http_cache/invalidation.py says what drops each one).
LIST_TAGS = ("site", "articles")


def _byline_prefetch() -> Prefetch:
    return Prefetch(
        "article_authors",
        queryset=ArticleAuthor.objects.select_related("author").order_by("position", "pk"),
    )


def _pick_position() -> Subquery:
    return Subquery(EditorsPick.objects.filter(article_id=OuterRef("pk")).values("position")[:1])


def _live_in_edition(articles, language: str) -> list[Article]:
    """The live articles of `language` among `articles`, in their order.

    Picks and related articles are a handful of ids, so their rows are fetched by
    primary key alone and this filter (`Article.is_live`, the rule of `published()`)
    runs in Python. Given the edition and liveness conditions in SQL, both SQLite and
    PostgreSQL may instead walk the edition's live-articles index (it matches those
    conditions) probing every one of 100,000 rows for a pick.
    """
    now = timezone.now()
    return [item for item in articles if item.language == language and item.is_live(now=now)]


def _picks() -> list[Article]:
    candidates = (
        Article.objects.filter(pk__in=EditorsPick.objects.values("article_id"))
        .select_related("section")
        .defer("body")
        .annotate(pick_position=_pick_position())
        .order_by("pick_position", "pk")
    )
    return _live_in_edition(candidates, get_language())[:SIDEBAR_PICKS]


def _briefs(limit: int = SIDEBAR_BRIEFS) -> QuerySet[Brief]:
    # Left lazy: the News Feed aside is usually rendered from the cache, and then
    # the briefs are never read (templates/articles/includes/news_feed_aside.html).
    return Brief.objects.in_edition().published()[:limit]


def _page(request: HttpRequest, queryset, per_page: int = PAGE_SIZE, *, counted: bool = False):
    """A page of `queryset`, 404 for a page number past the end (as generic views do).

    Uncounted (`articles.paging`) unless the page shows the total (search results).
    """
    paginator = (Paginator if counted else UncountedPaginator)(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error


@require_safe
@public_page(tags=(*LIST_TAGS, "picks", "briefs"))
def home(request: HttpRequest) -> HttpResponse:
    # Queries: top story, latest, picks, one byline prefetch for all three, briefs
    # (and the header's sections): the same count for 3 articles or 3,000.
    listing = (
        Article.objects.published()
        .in_edition()
        .select_related("section")
        .defer("body")
        .order_by("-publish_at", "-pk")
    )
    flagged = listing.filter(top_story=True).first()
    newest = list(listing[: HOME_LATEST + HOME_MORE + 1])
    top_story = flagged or (newest[0] if newest else None)
    others = [article for article in newest if article != top_story][: HOME_LATEST + HOME_MORE]
    picks = _picks()
    prefetch_related_objects(
        [article for article in [top_story, *others, *picks] if article], _byline_prefetch()
    )
    return render(
        request,
        "articles/home.html",
        {
            "top_story": top_story,
            "latest": others[:HOME_LATEST],
            "more_news": others[HOME_LATEST:],
            "picks": picks,
            "briefs": _briefs(),
        },
    )


def _article_context(request: HttpRequest, article: Article) -> dict:
    # One query for both the related articles (those the editor linked, if
    # published) and the Editors' Picks shown beside the article. The body stays:
    # a related card without a standfirst opens with the body's first words.
    related_links = Article.related_articles.through.objects.filter(from_article_id=article.pk)
    around = _live_in_edition(
        # One IN over a UNION: PostgreSQL answers "IN (a) OR IN (b)" by scanning
        # every article against both lists.
        Article.objects.filter(
            pk__in=related_links.values("to_article_id").union(
                EditorsPick.objects.values("article_id")
            )
        )
        .exclude(pk=article.pk)
        .select_related("section")
        .annotate(
            is_related=Exists(related_links.filter(to_article_id=OuterRef("pk"))),
            pick_position=_pick_position(),
        )
        .order_by(F("pick_position").asc(nulls_last=True), "-publish_at", "-pk"),
        article.language,
    )
    related = sorted(
        (item for item in around if item.is_related),
        key=lambda item: (item.publish_at, item.pk),
        reverse=True,
    )
    picks = [item for item in around if item.pick_position is not None][:SIDEBAR_PICKS]
    body_before, body_after = split_body(article.body)
    return {
        "article": article,
        "authors": article.ordered_authors,
        "tags": tags_from_json(article.tags_json),
        "related_card": related[0] if related else None,
        "related_more": related[1:],
        "body_before": body_before,
        "body_after": body_after,
        "picks": picks,
        "briefs": _briefs(),
        "json_ld": article_json_ld(article, request=request),
        "edition_urls": article.edition_urls(),
    }


def _article_queryset():
    return (
        Article.objects.select_related("section", "audio")
        .prefetch_related(_byline_prefetch())
        .annotate(tags_json=tags_as_json(Article))
        .with_translations()
    )


@require_safe
@public_page(tags=("site", "picks", "briefs"))
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Usually the story is kept (articles/story.py) and the page asks the database
    # nothing; otherwise it is rendered from the article and kept for the next reader.
    kept = story.story_kept(slug)
    if kept is None:
        article = get_object_or_404(_article_queryset().published(), slug=slug)
        if article.language != request.LANGUAGE_CODE:
            # Each article lives in its own edition; the other edition's address of it
            # (a hand-edited link) leads there.
            return redirect(article.get_absolute_url(), permanent=True)
        kept = story.story_render(request, article, _article_context(request, article))
        story.story_keep(kept, slug)
    cache_tags_add(request, *kept.tags)
    return render(
        request,
        "articles/article.html",
        {
            "story": kept,
            "edition_urls": kept.edition_urls,
            "article_pk": kept.pk,
            "can_edit": _can_edit(request.user, kept.pk),
        },
    )


def _can_edit(user, pk: int) -> bool:
    # Only for staff is the article read: a reporter edits their own drafts alone.
    return user.is_staff and roles.can_edit_article(user, Article.objects.get(pk=pk))


@require_safe
@never_cache
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article exactly as readers will see it, whatever its status; staff only."""
    article = get_object_or_404(_article_queryset(), pk=pk)
    if not request.user.is_authenticated or not roles.can_preview_article(request.user, article):
        # Not found rather than forbidden: whether a draft exists is itself news.
        raise Http404("No such article.")
    context = _article_context(request, article)
    return render(
        request,
        "articles/article.html",
        context
        | {
            "story": story.story_render(request, article, context),
            "article_pk": article.pk,
            "can_edit": roles.can_edit_article(request.user, article),
            "preview": True,
        },
    )


@require_safe
@public_page(tags=LIST_TAGS)
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    cache_tags_add(request, f"author-{author.pk}")
    page = _page(request, Article.objects.for_listing().in_edition().filter(authors=author))
    return render(request, "articles/author.html", {"author": author, "page_obj": page})


@require_safe
@public_page(tags=LIST_TAGS)
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    page = _page(request, Article.objects.for_listing().in_edition().filter(section=section))
    return render(request, "articles/section.html", {"section": section, "page_obj": page})


@require_safe
@public_page(tags=LIST_TAGS)
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(tags_with_local_names(), slug=slug)
    page = _page(request, Article.objects.for_listing().in_edition().filter(tags__slug=tag.slug))
    return render(request, "articles/tag.html", {"tag": tag, "page_obj": page})


@require_safe
@public_page(tags=LIST_TAGS)
def latest(request: HttpRequest) -> HttpResponse:
    page = _page(request, Article.objects.for_listing().in_edition())
    return render(request, "articles/latest.html", {"page_obj": page})


@require_safe
@public_page(tags=("site", "briefs"))
def news_feed(request: HttpRequest) -> HttpResponse:
    page = _page(request, Brief.objects.in_edition().published(), per_page=30)
    return render(
        request,
        "articles/news_feed.html",
        {"page_obj": page, "json_ld": news_feed_json_ld(list(page.object_list))},
    )


@require_safe
def brief_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One brief's permalink (a brief whose time has not come is not found)."""
    brief = get_object_or_404(Brief.objects.published(), pk=pk)
    return render(request, "articles/brief.html", {"brief": brief})


@require_safe
@public_page(tags=LIST_TAGS)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = _page(request, articles_search(query), counted=True) if query else None
    return render(request, "articles/search.html", {"query": query, "page_obj": page})


class _ArchiveMixin:
    date_field = "publish_at"
    allow_future = False
    allow_empty = False
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    template_name = "articles/archive.html"

    def get_queryset(self):
        return Article.objects.for_listing().in_edition()


class YearArchive(_ArchiveMixin, YearArchiveView):
    make_object_list = True


class MonthArchive(_ArchiveMixin, MonthArchiveView):
    month_format = "%m"


class DayArchive(_ArchiveMixin, DayArchiveView):
    month_format = "%m"


def split_body(html: str, *, after_paragraphs: int = 3) -> tuple[str, str]:
    """Split body HTML after its Nth top-level paragraph, where the related card goes.

    The body was sanitised by nh3, which serialises well-formed HTML, so counting
    container tags is enough to tell top-level paragraphs from nested ones.
    """
    depth = 0
    seen = 0
    index = 0
    lowered = html.lower()
    while True:
        next_close = lowered.find("</p>", index)
        if next_close == -1:
            return html, ""
        segment = lowered[index:next_close]
        for tag in ("blockquote", "ul", "ol", "li"):
            depth += segment.count(f"<{tag}>") + segment.count(f"<{tag} ")
            depth -= segment.count(f"</{tag}>")
        index = next_close + len("</p>")
        if depth == 0:
            seen += 1
            if seen == after_paragraphs:
                return html[:index], html[index:]
