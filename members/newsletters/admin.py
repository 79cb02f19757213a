from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV

from . import sending
from .emails import issue_preview_html
from .models import (
    Newsletter,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterIssueArticle,
    NewsletterSubscription,
    SubscriberImport,
)
from .resources import SubscriptionResource
from .tasks import issue_send


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "author",
        "cadence",
        "members_only",
        "is_featured",
        "is_active",
        "confirmed_subscribers",
    ]
    list_editable = ["is_active", "is_featured"]
    list_filter = ["is_active", "members_only", "cadence"]
    search_fields = ["name", "description", "author__name"]
    autocomplete_fields = ["author"]
    list_select_related = ["author"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "author", "cadence"]}),
        (
            _("Who can subscribe and where"),
            {"fields": ["members_only", "is_active", "is_featured", "position"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "subscriptions",
                    filter=Q(subscriptions__status=NewsletterSubscription.Status.CONFIRMED),
                )
            )
        )

    @admin.display(description=_("confirmed subscribers"), ordering="confirmed_count")
    def confirmed_subscribers(self, newsletter: Newsletter) -> int:
        return newsletter.confirmed_count


@admin.register(NewsletterSubscription)
class NewsletterSubscriptionAdmin(ImportExportModelAdmin):
    resource_classes = [SubscriptionResource]
    import_formats = [CSV]
    export_formats = [CSV]
    list_display = ["email", "newsletter", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["newsletter", "status", "source"]
    search_fields = ["email"]
    list_select_related = ["newsletter"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    actions = ["unsubscribe_selected"]

    @admin.action(description=_("Unsubscribe the selected addresses"))
    def unsubscribe_selected(self, request, queryset):
        changed = sum(subscription.unsubscribe() for subscription in queryset)
        self.message_user(
            request,
            ngettext(
                "Unsubscribed %(count)d address.", "Unsubscribed %(count)d addresses.", changed
            )
            % {"count": changed},
        )


@admin.register(SubscriberImport)
class SubscriberImportAdmin(admin.ModelAdmin):
    """The import log: read-only, so the record of who vouched for a list stays true."""

    list_display = [
        "imported_at",
        "imported_by",
        "file_name",
        "added",
        "updated",
        "marked_confirmed",
    ]
    list_select_related = ["imported_by"]
    list_filter = ["imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChosenArticleInline(admin.TabularInline):
    model = NewsletterIssueArticle
    extra = 1
    autocomplete_fields = ["article"]
    fields = ["article", "position"]
    verbose_name_plural = "Articles in this issue (listed after the body, in this order)"

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_draft


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter", "status", "progress_summary", "send_started_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    list_select_related = ["newsletter"]
    change_form_template = "admin/members/newsletterissue/change_form.html"
    inlines = [ChosenArticleInline]
    progress_fields = ["status", "progress", "send_started_at", "send_finished_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count(
                    "deliveries", filter=Q(deliveries__status=NewsletterDelivery.Status.SENT)
                ),
                failed_count=Count(
                    "deliveries", filter=Q(deliveries__status=NewsletterDelivery.Status.FAILED)
                ),
            )
        )

    def get_fields(self, request, obj=None):
        fields = ["newsletter", "subject"]
        if obj is None or obj.is_draft:
            fields.append("body")
        if obj is not None:
            # Once sent, the preview is the record of what went out.
            fields += ["preview", *self.progress_fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview", *self.progress_fields]
        if obj is not None and not obj.is_draft:
            # What was sent is a record: it can no longer be edited.
            readonly += ["newsletter", "subject", "body"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("progress"))
    def progress_summary(self, issue: NewsletterIssue) -> str:
        if issue.is_draft:
            return "—"
        text = _("%(sent)s / %(total)s sent") % {
            "sent": issue.sent_count,
            "total": issue.recipients_total,
        }
        if issue.failed_count:
            text += _(", %(failed)s failed") % {"failed": issue.failed_count}
        return text

    @admin.display(description=_("progress"))
    def progress(self, issue: NewsletterIssue) -> str:
        if issue.is_draft:
            return "Not sent yet."
        counts = issue.progress()
        failures = issue.deliveries.filter(status=NewsletterDelivery.Status.FAILED)[:20]
        summary = format_html(
            "<strong>{} / {}</strong> sent; {} waiting, {} being sent, {} failed, {} skipped.",
            counts[NewsletterDelivery.Status.SENT],
            counts["total"],
            counts[NewsletterDelivery.Status.PENDING],
            counts[NewsletterDelivery.Status.CLAIMED],
            counts[NewsletterDelivery.Status.FAILED],
            counts[NewsletterDelivery.Status.SKIPPED],
        )
        if not failures:
            return summary
        return format_html(
            "{}<ul>{}</ul>",
            summary,
            format_html_join("", "<li>{}: {}</li>", ((d.email, d.error) for d in failures)),
        )

    @admin.display(description=_("preview"))
    def preview(self, issue: NewsletterIssue) -> str:
        return format_html('<div class="newsletter-preview">{}</div>', issue_preview_html(issue))

    def get_urls(self):
        urls = [
            path(
                "<int:issue_id>/send-test/",
                self.admin_site.admin_view(self.send_test_view),
                name="members_newsletterissue_send_test",
            ),
            path(
                "<int:issue_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name="members_newsletterissue_send",
            ),
            path(
                "<int:issue_id>/resume/",
                self.admin_site.admin_view(self.resume_view),
                name="members_newsletterissue_resume",
            ),
        ]
        return urls + super().get_urls()

    def _issue_for_sending(self, request: HttpRequest, issue_id: int) -> NewsletterIssue:
        issue = get_object_or_404(NewsletterIssue.objects.select_related("newsletter"), pk=issue_id)
        if not request.user.has_perm("members.send_newsletterissue"):
            raise PermissionDenied
        return issue

    def _change_url(self, issue: NewsletterIssue) -> str:
        return reverse("admin:members_newsletterissue_change", args=[issue.pk])

    def send_test_view(self, request: HttpRequest, issue_id: int) -> HttpResponse:
        issue = self._issue_for_sending(request, issue_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(issue))
        sending.issue_send_test(issue=issue, to=request.user.email)
        self.message_user(
            request, _("A test copy was sent to %(email)s.") % {"email": request.user.email}
        )
        return HttpResponseRedirect(self._change_url(issue))

    def send_view(self, request: HttpRequest, issue_id: int) -> HttpResponse:
        issue = self._issue_for_sending(request, issue_id)
        if request.method == "POST":
            try:
                total = sending.issue_send_start(issue_id=issue.pk)
            except sending.IssueNotDraft:
                self.message_user(request, _("This issue was already sent."), messages.WARNING)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Sending to %(count)d subscriber has started. Progress shows below.",
                        "Sending to %(count)d subscribers has started. Progress shows below.",
                        total,
                    )
                    % {"count": total},
                )
            return HttpResponseRedirect(self._change_url(issue))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "issue": issue,
            "recipients": issue.newsletter.subscriptions.confirmed().count(),
            "title": "Send this issue?",
        }
        return TemplateResponse(request, "admin/members/newsletterissue/send_confirm.html", context)

    def resume_view(self, request: HttpRequest, issue_id: int) -> HttpResponse:
        issue = self._issue_for_sending(request, issue_id)
        if request.method == "POST" and issue.status == NewsletterIssue.Status.SENDING:
            issue_send.enqueue(issue_id=issue.pk)
            self.message_user(request, _("Sending resumes in the background."))
        return HttpResponseRedirect(self._change_url(issue))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_send"] = request.user.has_perm("members.send_newsletterissue")
        return super().render_change_form(request, context, add, change, form_url, obj)
