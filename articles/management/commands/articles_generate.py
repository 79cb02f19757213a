from django.core.management.base import BaseCommand

from articles import generate


class Command(BaseCommand):
    help = "Create N published articles for load tests (or --delete them)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--delete", action="store_true", help="remove generated articles")

    def handle(self, *args, count: int, delete: bool, **options):
        if delete:
            generate.generated_delete()
            self.stdout.write("Removed the generated articles.")
            return
        created = generate.generated_articles_create(count=count)
        self.stdout.write(f"Created {created:,} articles.")
