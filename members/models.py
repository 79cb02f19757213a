"""The members app's models live in its concept subpackages; Django finds them here."""

import members.analytics.models
import members.campaigns.models  # noqa: F401
from members.billing.models import StripeEvent  # noqa: F401
from members.gifts.models import Gift, GiftPrice  # noqa: F401
from members.memberships.models import Membership, MembershipStart, Plan, PlanPrice  # noqa: F401
from members.newsletters.models import (  # noqa: F401
    Newsletter,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterIssueArticle,
    NewsletterSubscription,
    SubscriberImport,
)
