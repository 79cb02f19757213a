"""Admin pieces shared by every model with payment history: refuse deletion, offer erasure."""

from django.contrib import admin, messages

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
        f"Erased the personal data of {len(users)} account(s); their payment history is kept.",
        messages.SUCCESS,
    )
