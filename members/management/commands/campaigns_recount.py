from django.core.management.base import BaseCommand, CommandError

from members.campaigns import services
from members.campaigns.models import Campaign


class Command(BaseCommand):
    help = (
        "Rebuild campaign counters and daily counts from the membership ledger (all "
        "campaigns, or --campaign SLUG), and recompute the supporter figures. Safe to run "
        "at any time, also while members join (e.g. nightly from cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--campaign", help="Slug of one campaign (default: all).")

    def handle(self, *args, campaign: str | None, **options) -> None:
        campaigns = Campaign.objects.all()
        if campaign:
            campaigns = campaigns.filter(slug=campaign)
            if not campaigns.exists():
                raise CommandError(f"No campaign with the slug {campaign!r}.")
        for chosen in campaigns:
            count = services.campaign_recount(campaign=chosen)
            self.stdout.write(f"{chosen}: {count + chosen.starting_count:,} of {chosen.goal:,}")
        figures = services.supporter_figures_refresh()
        self.stdout.write(f"Active supporters: {figures.supporters:,}")
