from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from members import erasure
from members.admin_erasure import KeepsPaymentHistoryAdmin, erase_users

from .models import User


@admin.register(User)
class UserAdmin(KeepsPaymentHistoryAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    actions = ["erase_personal_data"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def payment_history(self, user: User) -> list[str]:
        return erasure.payment_history_of_user(user)

    @admin.action(description="Erase personal data (keeps payment history)")
    def erase_personal_data(self, request, queryset) -> None:
        erase_users(self, request, list(queryset))
