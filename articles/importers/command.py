"""What `import_wordpress` and `import_ghost` share."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from .records import ImportFormatError
from .runs import ImportOptions, import_run


class ImportCommand(BaseCommand):
    source = ""
    images_help = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", type=Path, help="the export file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be created, updated and skipped, and save nothing",
        )
        parser.add_argument("--images", type=Path, help=self.images_help)
        parser.add_argument(
            "--no-download",
            action="store_true",
            help="never fetch images over the network (those not in --images are reported)",
        )
        parser.add_argument(
            "--default-section",
            default="News",
            help="section for posts without a category or tag (default: News)",
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="the old site's address, when the export does not say it",
        )
        self.add_source_arguments(parser)

    def add_source_arguments(self, parser: CommandParser) -> None:
        pass

    def handle(self, *args, **options) -> None:
        export: Path = options["export"]
        if not export.is_file():
            raise CommandError(f"No such file: {export}")
        images = options["images"]
        if images is not None and not images.is_dir():
            raise CommandError(f"No such folder: {images}")
        try:
            report = import_run(
                source=self.source,
                path=export,
                options=ImportOptions(
                    dry_run=options["dry_run"],
                    images_dir=images,
                    download_images=not options["no_download"],
                    default_section=options["default_section"],
                    site_url=options["site_url"],
                    members=not options.get("no_members", False),
                ),
                progress=lambda done, total: (
                    self.stderr.write(f"{done}/{total} items", ending="\r")
                    if options["verbosity"] > 1
                    else None
                ),
            )
        except ImportFormatError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from error
        for line in report.lines():
            self.stdout.write(line)
