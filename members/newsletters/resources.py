"""CSV import and export of subscribers (django-import-export).

Editors get import-export's preview: every row is shown as new, updated, skipped
or in error before anything is saved. The rules:

- an imported address keeps the state in the file: `confirmed` stays confirmed,
  `unsubscribed` stays unsubscribed;
- `pending` (or an empty status) means the address has not confirmed: it gets a
  confirmation email, once, when the import is confirmed (not on the preview);
- an address that unsubscribed here is never resubscribed by an import: the
  reader's choice wins over an old list;
- every confirmed import is recorded as a `SubscriberImport` (who, when, how many
  added, changed and marked confirmed), in the import's own transaction.
"""

from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.results import RowResult

from . import emails
from .models import Newsletter, NewsletterSubscription, SubscriberImport, email_normalize

Status = NewsletterSubscription.Status


class SubscriptionResource(resources.ModelResource):
    newsletter = fields.Field(
        attribute="newsletter",
        column_name="newsletter",
        widget=widgets.ForeignKeyWidget(Newsletter, field="slug"),
    )

    class Meta:
        model = NewsletterSubscription
        fields = ["email", "newsletter", "status", "created_at", "confirmed_at", "unsubscribed_at"]
        export_order = fields
        import_id_fields = ["newsletter", "email"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.marked_confirmed = 0

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("newsletter")

    def before_import_row(self, row, **kwargs):
        row["email"] = email_normalize(row.get("email") or "")
        row["status"] = (row.get("status") or "").strip().lower() or Status.PENDING
        for column in ("created_at", "confirmed_at", "unsubscribed_at"):
            if column in row and not row[column]:
                row[column] = None

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.original_status = None if new else instance.status
        if new:
            instance.source = NewsletterSubscription.Source.IMPORT

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.original_status == Status.UNSUBSCRIBED and instance.status != (
            Status.UNSUBSCRIBED
        ):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.status == Status.CONFIRMED and instance.original_status != Status.CONFIRMED:
            self.marked_confirmed += 1
        if instance.status == Status.CONFIRMED and not instance.confirmed_at:
            instance.confirmed_at = timezone.now()
        if instance.status == Status.UNSUBSCRIBED and not instance.unsubscribed_at:
            instance.unsubscribed_at = timezone.now()
        if instance.status == Status.PENDING and instance.original_status != Status.PENDING:
            instance.confirmation_sent_at = timezone.now()
            instance.needs_confirmation_email = True

    def after_save_instance(self, instance, row, **kwargs):
        # On the preview (dry run) the transaction is rolled back, and with it
        # the email, which is only queued on commit; the check makes it explicit.
        if getattr(instance, "needs_confirmation_email", False) and not kwargs.get("dry_run"):
            emails.confirmation_send(instance)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        user = kwargs.get("user")
        SubscriberImport.objects.create(
            imported_by=user if user is not None and user.is_authenticated else None,
            file_name=(kwargs.get("file_name") or "")[:255],
            added=result.totals[RowResult.IMPORT_TYPE_NEW],
            updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
            marked_confirmed=self.marked_confirmed,
        )
