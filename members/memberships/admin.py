from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members import erasure
from members.admin_erasure import KeepsPaymentHistoryAdmin, erase_users
from members.billing import gateway
from members.money import format_money
from newsroom.admin import OtherLanguagesAdmin

from .models import Membership, MembershipStart, Plan, PlanPrice


class PlanPriceInline(admin.TabularInline):
    model = PlanPrice
    extra = 0
    fields = [
        "interval",
        "amount",
        "currency",
        "minimum_custom_amount",
        "stripe_lookup_key",
        "active",
    ]


@admin.register(Plan)
class PlanAdmin(OtherLanguagesAdmin):
    list_display = ["name", "active", "position", "price_list"]
    list_editable = ["active", "position"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlanPriceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prices")

    @admin.display(description=_("Prices"))
    def price_list(self, plan: Plan) -> str:
        return ", ".join(
            f"{format_money(price.amount, price.currency)} {price.per_interval}"
            for price in plan.prices.all()
        )


class MembershipStartInline(admin.TabularInline):
    model = MembershipStart
    extra = 0
    can_delete = False
    fields = ["started_at", "source", "reference", "stripe_invoice_id", "refunded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(KeepsPaymentHistoryAdmin):
    list_display = ["user", "status", "plan", "interval", "paid_through", "source", "started_at"]
    list_filter = ["status", "plan", "source", "interval"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "stripe_customer_id"]
    list_select_related = ["user", "plan"]
    date_hierarchy = "started_at"
    inlines = [MembershipStartInline]
    autocomplete_fields = ["user"]
    actions = ["erase_personal_data"]
    # State mirrors Stripe; staff change it in the Stripe dashboard (links below),
    # and the webhook brings it back here.
    readonly_fields = [
        "status",
        "amount_display",
        "customer_link",
        "subscription_link",
        "paid_through",
        "started_at",
        "ended_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "user",
        "plan",
        "interval",
        "source",
        *readonly_fields,
    ]

    def payment_history(self, membership: Membership) -> list[str]:
        return erasure.payment_history_of_membership(membership)

    @admin.action(description=_("Erase the members' personal data (keeps payment history)"))
    def erase_personal_data(self, request, queryset) -> None:
        erase_users(self, request, [membership.user for membership in queryset])

    @admin.display(description=_("Amount"))
    def amount_display(self, membership: Membership) -> str:
        if membership.amount is None:
            return "-"
        return f"{format_money(membership.amount, membership.currency)} a {membership.interval}"

    @admin.display(description=_("Stripe customer"))
    def customer_link(self, membership: Membership) -> str:
        if not membership.stripe_customer_id:
            return "-"
        url = gateway.dashboard_url("customers", membership.stripe_customer_id)
        return format_html('<a href="{}" rel="noopener">{}</a>', url, membership.stripe_customer_id)

    @admin.display(description=_("Stripe subscription"))
    def subscription_link(self, membership: Membership) -> str:
        if not membership.stripe_subscription_id:
            return "-"
        url = gateway.dashboard_url("subscriptions", membership.stripe_subscription_id)
        return format_html(
            '<a href="{}" rel="noopener">{}</a>', url, membership.stripe_subscription_id
        )
