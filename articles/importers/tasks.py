"""Background steps of an admin import: the dry-run preview, then the import itself."""

from pathlib import Path

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import ImportRun
from .records import ImportFormatError
from .runs import ImportOptions, import_run


def _progress(run_id: int):
    def update(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(items_done=done, items_total=total)

    return update


def _execute(run: ImportRun, *, dry_run: bool) -> None:
    try:
        report = import_run(
            source=run.source,
            path=Path(run.stored_path),
            options=ImportOptions(dry_run=dry_run),
            progress=_progress(run.pk),
        )
    except ImportFormatError as error:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED,
            error=f"{error} Nothing was imported.",
            finished_at=timezone.now(),
        )
        return
    if dry_run:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.PREVIEWED, preview=report.as_json()
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.DONE, report=report.as_json(), finished_at=timezone.now()
        )
        Path(run.stored_path).unlink(missing_ok=True)


@task(priority=-10)
def import_preview(run_id: int) -> None:
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.PREVIEWING).first()
    if run is not None:
        _execute(run, dry_run=True)


@task(priority=-10)
def import_execute(run_id: int) -> None:
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.IMPORTING).first()
    if run is not None:
        _execute(run, dry_run=False)


def import_confirm(*, run: ImportRun) -> bool:
    """Start the real import of a previewed upload; False if it was already started."""
    with transaction.atomic():
        started = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEWED).update(
            status=ImportRun.Status.IMPORTING, items_done=0
        )
        if started:
            transaction.on_commit(lambda: import_execute.enqueue(run.pk))
    return bool(started)
