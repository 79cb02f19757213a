import members.billing.admin
import members.gifts.admin
import members.memberships.admin  # noqa: F401
