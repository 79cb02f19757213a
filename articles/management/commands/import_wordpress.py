from articles.importers.command import ImportCommand
from articles.importers.models import Source


class Command(ImportCommand):
    help = "Import a WordPress export (WXR 1.1/1.2): posts, authors, categories, tags, images."
    source = Source.WORDPRESS
    images_help = "the site's wp-content/uploads folder, copied here (images are taken from it)"
