import uuid
from datetime import date, datetime

import factory
from django.utils import timezone

from members.campaigns.models import Campaign
from members.memberships.models import Membership, MembershipStart
from members.memberships.starts import membership_start_record
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"1,000 new members {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    goal = 1000
    starts_on = date(2026, 11, 1)
    ends_on = date(2026, 12, 31)
    banner_text = "We turn three. Help us prepare for the year ahead: become a member."
    featured = False


def start_membership(
    *,
    started_at: datetime | None = None,
    user=None,
    source: str = Membership.Source.SUBSCRIPTION,
    reference: str | None = None,
    invoice: str | None = None,
) -> MembershipStart:
    """A new member whose start is recorded the way checkout and gifts record it."""
    membership = MembershipFactory(user=user or UserFactory(), source=source)
    reference = reference or f"sub_{uuid.uuid4().hex[:14]}"
    membership_start_record(
        membership=membership,
        source=source,
        reference=reference,
        started_at=started_at or timezone.now(),
        stripe_invoice_id=invoice if invoice is not None else f"in_{uuid.uuid4().hex[:14]}",
    )
    return MembershipStart.objects.get(reference=reference)
