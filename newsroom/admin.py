from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import get_language
from modeltranslation.translator import translator

from members import erasure
from members.admin_erasure import KeepsPaymentHistoryAdmin, erase_users

from .models import Redirect, User


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


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses and where they send readers. Importers add one per imported
    item (pointing at the item, so it follows later slug changes); editors add and
    edit their own with a typed new address."""

    list_display = ["old_path", "destination", "note", "created_at"]
    search_fields = ["old_path", "new_path", "note"]
    search_help_text = "Search old and new addresses and notes."
    fields = ["old_path", "new_path", "destination", "note"]
    readonly_fields = ["destination"]

    @admin.display(description="sends readers to")
    def destination(self, redirect: Redirect) -> str:
        return redirect.target_url() or "-"


class OtherLanguagesAdmin(admin.ModelAdmin):
    """Admin for models with per-language text (django-modeltranslation).

    The usual fields hold the text in the editor's admin language; each other
    language gets its own collapsible section below, with the same fields, which
    may stay empty (readers then see the default language's text).
    """

    def _translated_fields(self) -> list[str]:
        return list(translator.get_options_for_model(self.model).fields)

    def _localized(self) -> set[str]:
        return {
            f"{name}_{code}"
            for name in self._translated_fields()
            for code, _language in settings.LANGUAGES
        }

    def get_fieldsets(self, request, obj=None):
        localized = self._localized()
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in localized]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        current = get_language()
        for code, language in settings.LANGUAGES:
            if code != current:
                fields = [f"{name}_{code}" for name in self._translated_fields()]
                fieldsets.append((language, {"classes": ["collapse"], "fields": fields}))
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self._localized():
            field.required = False
        return field
