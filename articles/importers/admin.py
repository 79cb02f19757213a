"""The admin's import page: upload an export, read the dry-run preview, confirm,
watch the progress. Both steps run as background tasks."""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .models import ImportRun, Source
from .tasks import import_confirm, import_preview


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Moving from"),
        choices=Source.choices,
        help_text=_(
            "WordPress: Tools → Export → All content (an .xml file). "
            "Ghost: Settings → Advanced → Export content (a .json file)."
        ),
    )
    export = forms.FileField(label=_("Export file"))

    def clean(self):
        data = super().clean()
        upload = data.get("export")
        expected = {Source.WORDPRESS: ".xml", Source.GHOST: ".json"}.get(data.get("source"))
        if upload and expected and not upload.name.lower().endswith(expected):
            self.add_error("export", f"A {data['source'].title()} export is a {expected} file.")
        return data


def _store_upload(upload) -> Path:
    folder = Path(settings.IMPORT_UPLOADS_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name).suffix.lower()[:10]
    stored = folder / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return stored


def _report_rows(report: dict) -> list[tuple[str, int, int, int]]:
    kinds = sorted(
        {*report.get("created", {}), *report.get("updated", {}), *report.get("unchanged", {})}
    )
    return [
        (
            kind,
            report.get("created", {}).get(kind, 0),
            report.get("updated", {}).get(kind, 0),
            report.get("unchanged", {}).get(kind, 0),
        )
        for kind in kinds
    ]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "items_done", "created_by", "created_at"]
    list_filter = ["source", "status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a run is read, confirmed or left; never edited

    def has_add_permission(self, request) -> bool:
        # Importing publishes articles, so it takes an editor's right to publish.
        return super().has_add_permission(request) and request.user.has_perm(
            "articles.publish_article"
        )

    def get_urls(self):
        return [
            path(
                "<int:run_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="articles_importrun_confirm",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["export"]
            stored = _store_upload(upload)
            with transaction.atomic():
                run = ImportRun.objects.create(
                    source=form.cleaned_data["source"],
                    filename=upload.name[:255],
                    stored_path=str(stored),
                    created_by=request.user,
                )
                transaction.on_commit(lambda: import_preview.enqueue(run.pk))
            return HttpResponseRedirect(reverse("admin:articles_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import from WordPress or Ghost",
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/importrun/upload.html", context)

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        run = get_object_or_404(ImportRun, pk=object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        report = run.report or run.preview or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(run),
            "run": run,
            "report": report,
            "can_confirm": run.status == ImportRun.Status.PREVIEWED
            and self.has_add_permission(request),
            "articles": report.get("articles", [])[:200],
            "rows": _report_rows(report),
        }
        return TemplateResponse(request, "admin/articles/importrun/detail.html", context)

    def confirm_view(self, request: HttpRequest, run_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=run_id)
        if import_confirm(run=run):
            messages.success(request, _("Importing. This page shows the progress."))
        else:
            messages.warning(request, _("This import has already been started."))
        return HttpResponseRedirect(reverse("admin:articles_importrun_change", args=[run.pk]))
