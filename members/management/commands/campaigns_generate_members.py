from django.core.management.base import BaseCommand, CommandError

from members.campaigns.models import Campaign
from members.memberships import generate


class Command(BaseCommand):
    help = (
        "Create N generated members (users, memberships and ledger starts) spread over a "
        "campaign's window up to now, then recount every campaign. For load tests; "
        "--delete removes them again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument(
            "--campaign", help="Slug of the campaign to spread over (default: featured)."
        )
        parser.add_argument("--delete", action="store_true", help="Remove all generated members.")

    def handle(self, *args, count: int, campaign: str | None, delete: bool, **options) -> None:
        if delete:
            deleted = generate.generated_delete()
            self.stdout.write(f"Deleted {deleted:,} generated rows.")
            return
        campaigns = (
            Campaign.objects.filter(slug=campaign) if campaign else Campaign.objects.featured()
        )
        chosen = campaigns.first()
        if chosen is None:
            raise CommandError("No such campaign (feature one, or pass --campaign SLUG).")
        starts_from, seconds = generate.default_spread(chosen)
        created = generate.generated_members_create(
            count=count, starts_from=starts_from, seconds=seconds, stdout=self.stdout
        )
        self.stdout.write(self.style.SUCCESS(f"Created {created:,} members."))
