"""The newsroom admin for articles, authors, sections, briefs and picks.

Articles keep revisions (django-reversion: "History" → view and restore, with the
workflow's rules applied to restoring, see articles.history). What a user may do
follows articles.roles: reporters edit their own drafts and can only
set "Draft" or "In review"; editors schedule, publish and unpublish.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from newsroom.admin import OtherLanguagesAdmin

from . import roles
from .audio.admin import (
    ArticleAudioInline,
    article_audio_after_save,
    audio_status,
    regenerate_audio,
)
from .forms import ArticleAdminForm, TagNamesForm, tag_admin_form
from .history import WorkflowVersionAdmin
from .models import Article, ArticleAuthor, Author, Brief, EditorsPick, Section
from .scheduling import article_schedule_go_live
from .tasks import article_renditions_generate


class MineFilter(admin.SimpleListFilter):
    """A reporter's own articles: written by them or carrying their byline."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                Q(created_by=request.user) | Q(authors__user=request.user)
            ).distinct()
        return queryset


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


@admin.register(Article)
class ArticleAdmin(WorkflowVersionAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    actions = [regenerate_audio]
    list_display = [
        "headline",
        "language",
        "section",
        "byline",
        "status_for_readers",
        "publish_at",
        "updated_at",
        audio_status,
    ]
    list_filter = [
        MineFilter,
        "status",
        "language",
        "section",
        "authors",
        "publish_at",
        "top_story",
    ]
    list_select_related = ["section", "audio"]
    search_fields = ["headline", "standfirst", "slug", "authors__name"]
    search_help_text = "Search headlines, standfirsts, slugs and author names."
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["related_articles", "translation_of"]
    readonly_fields = [
        "reading_time",
        "created_by",
        "created_at",
        "modified_at",
        "public_links",
        "translations",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Edition"), {"fields": ["language", "translation_of", "translations"]}),
        (_("Filing"), {"fields": ["section", "tags", "related_articles", "top_story"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "mark_updated",
                    "updated_at",
                    "correction",
                    "public_links",
                ]
            },
        ),
        (
            _("Details"),
            {
                "classes": ["collapse"],
                "fields": ["reading_time", "created_by", "created_at", "modified_at"],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("article_authors__author")

    def get_inlines(self, request: HttpRequest, obj: Article | None):
        # Added here rather than in `inlines`, so that django-reversion does not version
        # the audio row with the article: restoring an old version must not bring back
        # an old audio state (a deleted file, an old hash); the audio follows the text.
        return [*super().get_inlines(request, obj), ArticleAudioInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return roles.can_edit_article(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or roles.can_publish(request.user)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """For actions declared with permissions=["publish"] (regenerating audio)."""
        return roles.can_publish(request.user)

    @admin.display(description=_("Authors"))
    def byline(self, article: Article) -> str:
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description=_("Status"), ordering="status")
    def status_for_readers(self, article: Article) -> str:
        if article.status == Article.Status.SCHEDULED and article.is_live():
            return "Published (was scheduled)"
        return article.get_status_display()

    @admin.display(description=_("Translations"))
    def translations(self, article: Article) -> str:
        """Links to this story in the other languages, and "add translation" for the
        languages it has none in: the add form comes prefilled (language, original,
        section), and the editor writes the text, slug and byline of their own."""
        if article.pk is None:
            return "Save the article to add translations."
        group = {other.language: other for other in article.translation_group()}
        original_id = article.translation_of_id or article.pk
        links = []
        for code, name in settings.LANGUAGES:
            if code == article.language:
                continue
            if other := group.get(code):
                url = reverse("admin:articles_article_change", args=[other.pk])
                links.append(format_html('{}: <a href="{}">{}</a>', name, url, other))
            else:
                url = (
                    reverse("admin:articles_article_add")
                    + "?"
                    + urlencode(
                        {
                            "language": code,
                            "translation_of": original_id,
                            "section": article.section_id,
                        }
                    )
                )
                links.append(format_html('<a href="{}">Add the {} translation</a>', url, name))
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) or "-"

    @admin.display(description=_("Preview and public page"))
    def public_links(self, article: Article) -> str:
        if article.pk is None:
            return "Save the article to preview it."
        preview = reverse("articles:preview", kwargs={"pk": article.pk})
        if article.is_live():
            return format_html(
                '<a href="{}">Preview</a> · <a href="{}">View on site</a>',
                preview,
                article.get_absolute_url(),
            )
        return format_html('<a href="{}">Preview as readers will see it</a>', preview)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if "lead_image" in form.changed_data and obj.lead_image:
            article_id = obj.pk
            transaction.on_commit(lambda: article_renditions_generate.enqueue(article_id))
        if obj.status == Article.Status.SCHEDULED and obj.publish_at > timezone.now():
            article_schedule_go_live(article=obj)
            messages.info(
                request,
                _("“%(headline)s” goes live at %(time)s (%(zone)s).")
                % {
                    "headline": obj.headline,
                    "time": date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT"),
                    "zone": timezone.get_current_timezone_name(),
                },
            )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The byline may have changed: ownership and the author list are now final.
        if not form.instance.article_authors.exists() and form.instance.created_by:
            author = getattr(form.instance.created_by, "author", None)
            if author is not None:
                ArticleAuthor.objects.create(article=form.instance, author=author)
        article_audio_after_save(form.instance)


@admin.register(Author)
class AuthorAdmin(WorkflowVersionAdmin):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Section)
class SectionAdmin(OtherLanguagesAdmin):
    list_display = ["name", "slug", "position", "in_navigation"]
    list_editable = ["position", "in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Brief)
class BriefAdmin(WorkflowVersionAdmin):
    list_display = ["headline", "published_at", "has_link"]
    list_select_related = ["article"]
    search_fields = ["headline", "text"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_at"
    list_filter = ["published_at"]

    @admin.display(boolean=True, description=_("Link"))
    def has_link(self, brief: Brief) -> bool:
        return bool(brief.link or brief.article_id)


@admin.register(EditorsPick)
class EditorsPickAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "article_is_live"]
    list_editable = ["position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description=_("Shown to readers"))
    def article_is_live(self, pick: EditorsPick) -> bool:
        return pick.article.is_live()


from .importers import admin as importers_admin  # noqa: E402, F401  (the import page)

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's tag admin, plus the tag's name in each other language on the same form
    (empty: readers of that edition see the tag's own name)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = tag_admin_form()
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["name", "slug", *TagNamesForm.name_fields()]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        form.names_save()
