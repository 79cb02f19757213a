from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members import erasure
from members.admin_erasure import KeepsPaymentHistoryAdmin
from members.billing import gateway
from members.money import format_money

from .delivering import gift_deliver, gift_delivery_schedule
from .models import Gift, GiftPrice
from .refunding import gift_refund
from .states import GiftTransitionError


@admin.register(GiftPrice)
class GiftPriceAdmin(admin.ModelAdmin):
    list_display = ["duration_months", "amount", "currency", "price_display", "active"]
    list_editable = ["amount", "currency", "active"]

    @admin.display(description=_("Price"))
    def price_display(self, price: GiftPrice) -> str:
        return format_money(price.amount, price.currency)


@admin.register(Gift)
class GiftAdmin(KeepsPaymentHistoryAdmin):
    list_display = [
        "pk",
        "giver_email",
        "recipient_email",
        "duration_months",
        "price_display",
        "status",
        "deliver_on",
        "paid_at",
        "redeemed_at",
    ]
    list_filter = ["status", "duration_months", "deliver_on"]
    search_fields = ["giver_email", "recipient_email", "giver_name", "recipient_name"]
    date_hierarchy = "created_at"
    list_select_related = ["redeemed_by"]
    actions = ["resend_delivery", "refund", "erase_personal_data"]
    # Money and state come from Stripe and the gift flows; staff act through the
    # actions above. Names, addresses, message and delivery date can be corrected.
    readonly_fields = [
        "status",
        "duration_months",
        "price_display",
        "giver",
        "redeemed_by",
        "membership",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "created_at",
        "paid_at",
        "expires_at",
        "delivered_at",
        "redeemed_at",
        "refunded_at",
        "continue_invited_at",
    ]
    fields = [
        "giver_name",
        "giver_email",
        "recipient_name",
        "recipient_email",
        "message",
        "deliver_on",
        *readonly_fields,
    ]

    def save_model(self, request, obj: Gift, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "deliver_on" in form.changed_data:
            gift_delivery_schedule(gift=obj)

    def has_add_permission(self, request) -> bool:
        return False  # gifts are bought on the site

    # Only an unpaid gift (an abandoned checkout) may be deleted: a paid one is
    # refused with the reason (KeepsPaymentHistoryAdmin); erase its personal data.
    def payment_history(self, gift: Gift) -> list[str]:
        return erasure.payment_history_of_gift(gift)

    @admin.action(description=_("Erase the giver's and recipient's personal data"))
    def erase_personal_data(self, request, queryset) -> None:
        for gift in queryset:
            erasure.gift_personal_data_erase(gift=gift)
        self.message_user(
            request,
            _("Erased the names, addresses and messages; payments are kept."),
            messages.SUCCESS,
        )

    @admin.display(description=_("Price"))
    def price_display(self, gift: Gift) -> str:
        return format_money(gift.amount, gift.currency)

    @admin.action(
        description=_("Resend the delivery email to the recipient"), permissions=["change"]
    )
    def resend_delivery(self, request, queryset) -> None:
        sent = 0
        for gift in queryset:
            try:
                sent += gift_deliver(gift_id=gift.pk, resend=True)
            except GiftTransitionError as error:
                self.message_user(request, str(error), messages.WARNING)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Sent %(count)d gift email again.", "Sent %(count)d gift emails again.", sent
                )
                % {"count": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Refund through Stripe (revokes the code)"), permissions=["change"])
    def refund(self, request, queryset) -> None:
        refunded = 0
        for gift in queryset:
            try:
                gift_refund(gift_id=gift.pk)
            except GiftTransitionError as error:
                self.message_user(request, str(error), messages.WARNING)
            except gateway.StripeError as error:
                self.message_user(
                    request,
                    _("Gift %(id)s: Stripe refused the refund: %(error)s")
                    % {"id": gift.pk, "error": error},
                    messages.ERROR,
                )
            else:
                refunded += 1
        if refunded:
            self.message_user(
                request,
                ngettext("Refunded %(count)d gift.", "Refunded %(count)d gifts.", refunded)
                % {"count": refunded},
                messages.SUCCESS,
            )
