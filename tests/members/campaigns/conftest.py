import pytest
from django.utils import timezone

from newsroom.clock import newsroom_today
from tests.members.campaigns.factories import CampaignFactory


@pytest.fixture
def campaign(db):
    """The featured campaign, running today: 1,000 new members over 40 days."""
    today = newsroom_today()
    return CampaignFactory(
        starts_on=today - timezone.timedelta(days=9),
        ends_on=today + timezone.timedelta(days=30),
        featured=True,
    )
