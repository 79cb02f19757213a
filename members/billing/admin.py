import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import gateway
from .models import StripeEvent
from .webhooks import event_process


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_event_id", "type", "status", "short_result", "created", "attempts"]
    list_filter = ["status", "type"]
    search_fields = ["stripe_event_id", "type", "result"]
    date_hierarchy = "received_at"
    actions = ["reprocess"]
    readonly_fields = [
        "stripe_event_id",
        "dashboard_link",
        "type",
        "status",
        "result",
        "error",
        "attempts",
        "created",
        "received_at",
        "processed_at",
        "pretty_payload",
    ]
    exclude = ["payload"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The log is the record of what Stripe told us; deleting an event would also
        # let its next redelivery be processed again.
        return False

    @admin.display(description=_("Result"))
    def short_result(self, event: StripeEvent) -> str:
        text = event.error.strip().splitlines()[-1] if event.error else event.result
        return text[:120]

    @admin.display(description=_("In Stripe"))
    def dashboard_link(self, event: StripeEvent) -> str:
        url = gateway.dashboard_url(
            "events", event.stripe_event_id, livemode=event.payload.get("livemode", False)
        )
        return format_html('<a href="{}" rel="noopener">{}</a>', url, url)

    @admin.display(description=_("Payload"))
    def pretty_payload(self, event: StripeEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2))

    def has_reprocess_permission(self, request) -> bool:
        # Events are read-only records, but running their handlers again is a change.
        return request.user.has_perm("members.change_stripeevent")

    @admin.action(description=_("Reprocess the selected events"), permissions=["reprocess"])
    def reprocess(self, request, queryset) -> None:
        outcomes: dict[str, int] = {}
        for event in queryset.order_by("created"):
            status = event_process(stripe_event=event, force=True).get_status_display()
            outcomes[status] = outcomes.get(status, 0) + 1
        summary = ", ".join(f"{count} {status.lower()}" for status, count in outcomes.items())
        failed = any(event.status == StripeEvent.Status.FAILED for event in queryset.all())
        self.message_user(
            request,
            _("Reprocessed: %(summary)s.") % {"summary": summary},
            messages.WARNING if failed else messages.SUCCESS,
        )
