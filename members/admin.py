import members.billing.admin
import members.memberships.admin  # noqa: F401
