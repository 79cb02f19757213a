"""Running an import: the same steps for the commands, the admin and a dry run.

A dry run does everything inside a transaction that is rolled back, so its report
is exactly what a real run would create, update and skip; it copies no images (it
reports the addresses it would fetch). A real run checks the whole file first, so
a truncated or malformed export imports nothing, then writes each post in its own
transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from members.ghost_members import GhostMembersImport, ghost_members_read

from .ghost import GhostReader
from .media import ImageFetcher
from .models import Source
from .records import ImportReport
from .wordpress import WxrReader
from .writer import ImportWriter, image_file_stem

Progress = Callable[[int, int], None]


@dataclass
class ImportOptions:
    dry_run: bool = False
    images_dir: Path | None = None
    download_images: bool = True
    default_section: str = "News"
    site_url: str = ""
    members: bool = True


class _DryRunRollback(Exception):
    pass


def import_run(
    *, source: str, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Import an export file; raises ImportFormatError (nothing saved) for a bad file."""
    report = ImportReport(dry_run=options.dry_run)
    images = ImageFetcher(
        source=source,
        images_dir=options.images_dir,
        download=options.download_images,
        dry_run=options.dry_run,
    )
    if source == Source.WORDPRESS:
        reader = WxrReader(path)
        channel = reader.scan()
        site, total = options.site_url or channel.site, channel.item_count
    else:
        reader = GhostReader(path, site_url=options.site_url).scan()
        site, total = reader.site, reader.item_count
    writer = ImportWriter(
        source=source,
        site=site,
        report=report,
        images=images,
        default_section=options.default_section,
    )

    def write_all() -> None:
        done = 0
        if source == Source.WORDPRESS:
            for person in reader.channel.authors.values():
                writer.author(person)
        for record in reader.items():
            gallery = (
                _wordpress_gallery(reader, record.source_id) if source == Source.WORDPRESS else None
            )
            writer.post(record, gallery=gallery)
            done += 1
            if progress is not None and (done % 10 == 0 or done == total):
                progress(done, total)
        if source == Source.GHOST and options.members:
            members = ghost_members_read(reader.data)
            if members:
                GhostMembersImport(data=reader.data, report=report).run(members)

    if options.dry_run:
        try:
            with transaction.atomic():
                write_all()
                raise _DryRunRollback
        except _DryRunRollback:
            pass
        # The cached objects belonged to the rolled-back transaction.
        writer._cache.clear()
    else:
        write_all()
    unused = [
        attachment.url
        for attachment in (
            reader.channel.attachments.values() if source == Source.WORDPRESS else []
        )
        if attachment.url and image_file_stem(attachment.url) not in report.referenced_files
    ]
    if unused:
        report.warn(
            f"{len(unused)} attachments are not used by any imported article "
            "(media library files): " + ", ".join(unused[:20]) + (" …" if len(unused) > 20 else "")
        )
    return report


def _wordpress_gallery(reader: WxrReader, post_id: str):
    attachments = reader.channel.attachments

    def lookup(ids: list[str]) -> list[tuple[str, str, str, str]]:
        chosen = ids or [key for key, a in attachments.items() if a.parent == post_id]
        return [
            (attachments[key].url, attachments[key].alt, attachments[key].caption, key)
            for key in chosen
            if key in attachments and attachments[key].url
        ]

    return lookup
