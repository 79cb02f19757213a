import members.billing.admin
import members.campaigns.admin
import members.gifts.admin
import members.memberships.admin  # noqa: F401
