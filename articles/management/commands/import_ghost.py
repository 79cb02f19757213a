from articles.importers.command import ImportCommand
from articles.importers.models import Source


class Command(ImportCommand):
    help = "Import a Ghost JSON export (Ghost 4 to 6): posts, authors, tags, images, members."
    source = Source.GHOST
    images_help = "the site's content/images folder, copied here (images are taken from it)"

    def add_source_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-members",
            action="store_true",
            help="leave the export's members, newsletter subscriptions and memberships out",
        )
