"""Audio in the admin: status on the article list and form, the per-article switch, a
"Regenerate audio" action, and a list of all audio (filter by status to find failures)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import roles
from articles.models import Article

from .models import ArticleAudio
from .services import article_audio_regenerate, article_audio_request


def _status_text(audio: ArticleAudio) -> str:
    if not audio.enabled:
        return _("Off")
    if audio.status == ArticleAudio.Status.READY:
        return _("Ready (%(duration)s)") % {"duration": audio.duration_display}
    if audio.status == ArticleAudio.Status.FAILED:
        return _("Failed: %(error)s") % {"error": audio.last_error}
    if audio.retry_at:
        when = timezone.localtime(audio.retry_at)
        return (
            f"Pending: attempt {audio.attempts} failed ({audio.last_error}); retry at {when:%H:%M}"
        )
    return "Pending"


@admin.display(description=_("Audio"))
def audio_status(article: Article) -> str:
    """A list column for ArticleAdmin (needs ``list_select_related`` to include "audio")."""
    try:
        audio = article.audio
    except ArticleAudio.DoesNotExist:
        return "-"
    return _status_text(audio)


# "publish": narrating puts new audio in front of every reader and podcast subscriber,
# and costs worker time, so it is an editor's decision like publishing itself; the
# change permission alone (which reporters have, for their drafts) is not enough.
@admin.action(description=_("Regenerate audio of the selected articles"), permissions=["publish"])
def regenerate_audio(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
    """For ArticleAdmin (a queryset of articles) and ArticleAudioAdmin (of audio rows)."""
    if queryset.model is ArticleAudio:
        article_ids = list(queryset.values_list("article_id", flat=True))
    else:
        article_ids = list(queryset.values_list("pk", flat=True))
    queued = sum(
        1
        for article_id in article_ids
        if (audio := article_audio_regenerate(article_id=article_id)) and audio.enabled
    )
    skipped = len(article_ids) - queued
    if queued:
        modeladmin.message_user(
            request,
            ngettext(
                "Narration queued for %(count)d article.",
                "Narration queued for %(count)d articles.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d article skipped: not published or scheduled, or audio is off.",
                "%(count)d articles skipped: not published or scheduled, or audio is off.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


class ArticleAudioInline(admin.StackedInline):
    """On the article form: the switch, and what became of the narration."""

    model = ArticleAudio
    can_delete = False
    extra = 1  # the switch shows on new articles too; left ticked, no row is saved
    max_num = 1
    verbose_name = "audio version"
    verbose_name_plural = "audio version (AI narration)"
    fields = ["enabled", "status_summary", "player", "generated_at", "attempts"]
    readonly_fields = ["status_summary", "player", "generated_at", "attempts"]

    @admin.display(description=_("Status"))
    def status_summary(self, audio: ArticleAudio) -> str:
        if audio.pk is None:
            return "Narrated in the background once the article is published or scheduled."
        return _status_text(audio)

    @admin.display(description=_("Listen"))
    def player(self, audio: ArticleAudio) -> str:
        if audio.pk is None or not audio.file:
            return "-"
        return format_html(
            '<audio controls preload="none" src="{}"></audio> <a href="{}" download>Download</a>',
            audio.file.url,
            audio.file.url,
        )


def article_audio_after_save(article: Article) -> None:
    """ArticleAdmin calls this once the article and its byline are saved."""
    article_audio_request(article_id=article.pk)


@admin.register(ArticleAudio)
class ArticleAudioAdmin(admin.ModelAdmin):
    list_display = ["article", "enabled", "status", "duration", "attempts", "error", "generated_at"]
    list_filter = ["status", "enabled"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    actions = [regenerate_audio]
    fields = [
        "article",
        "enabled",
        "status",
        "duration",
        "file",
        "file_size",
        "engine",
        "attempts",
        "last_error",
        "retry_at",
        "requested_at",
        "generated_at",
    ]
    readonly_fields = [field for field in fields if field != "enabled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows are made when articles are published

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return roles.can_publish(request.user)

    @admin.display(description=_("Duration"))
    def duration(self, audio: ArticleAudio) -> str:
        return audio.duration_display if audio.duration_seconds else "-"

    @admin.display(description=_("Last error"))
    def error(self, audio: ArticleAudio) -> str:
        return audio.last_error[:120]

    def save_model(self, request, obj: ArticleAudio, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "enabled" in form.changed_data and obj.enabled:
            article_audio_request(article_id=obj.article_id)
