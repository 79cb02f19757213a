"""Admin pieces shared by every model with payment history: refuse deletion, offer erasure."""

from django.contrib import admin, messages
from django.utils.translation import ngettext

from . import erasure


class KeepsPaymentHistoryAdmin(admin.ModelAdmin):
    """Deleting an object with payment history is refused on the admin's own
    "cannot delete" page, listing each reason (single and bulk deletion alike)."""

    def payment_history(self, obj) -> list[str]:
        raise NotImplementedError

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [reason for obj in objs for reason in self.payment_history(obj)]
        return deleted, counts, perms_needed, [*protected, *reasons]


def erase_users(modeladmin, request, users) -> None:
    for user in users:
        erasure.personal_data_erase(user=user)
    modeladmin.message_user(
        request,
        ngettext(
            "Erased the personal data of %(count)d account; its payment history is kept.",
            "Erased the personal data of %(count)d accounts; their payment history is kept.",
            len(users),
        )
        % {"count": len(users)},
        messages.SUCCESS,
    )
