"""Each members concept registers its own admin; importing them here is enough."""

import members.analytics.admin
import members.billing.admin
import members.campaigns.admin
import members.gifts.admin
import members.memberships.admin
import members.newsletters.admin  # noqa: F401
