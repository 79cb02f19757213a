"""Ghost members moving in with an imported site: accounts, newsletters, memberships.

Read from the Ghost export's `members` tables (`articles.importers` calls this after
the posts). Each member becomes (or is matched by email to) a reader account without
a password: signing in with "forgot password" sets one. Their newsletter choices come
along as confirmed subscriptions (they opted in on Ghost), never resubscribing
anyone who unsubscribed here. A member who pays through Stripe gets a membership
linked to that same Stripe subscription through memberships' own
`membership_import_subscription`: no new charge, no Checkout, and no start recorded,
so campaigns treat them as existing members rather than new ones.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .memberships.lifecycle import membership_import_subscription, membership_lock
from .newsletters.models import Newsletter, NewsletterSubscription, email_normalize

# Ghost statuses of a Stripe subscription that still give access.
LIVE_SUBSCRIPTIONS = {"active", "trialing", "past_due", "unpaid"}


def _timestamp(value) -> int | None:
    if not value:
        return None
    text = str(value).replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp())


@dataclass
class GhostMember:
    source_id: str
    email: str
    name: str = ""
    status: str = "free"
    newsletter_ids: list[str] = field(default_factory=list)
    subscribed: bool = False  # Ghost 4, before several newsletters
    subscriptions: list[dict] = field(default_factory=list)  # Stripe-shaped


def ghost_members_read(data: dict) -> list[GhostMember]:
    """The members of a Ghost export's tables (empty when it has none)."""
    customers_of = defaultdict(list)
    for row in data.get("members_stripe_customers", []) or []:
        customers_of[str(row.get("member_id"))].append(str(row.get("customer_id")))
    subscriptions_of = defaultdict(list)
    for row in data.get("members_stripe_customers_subscriptions", []) or []:
        subscriptions_of[str(row.get("customer_id"))].append(row)
    newsletters_of = defaultdict(list)
    for row in data.get("members_newsletters", []) or []:
        newsletters_of[str(row.get("member_id"))].append(str(row.get("newsletter_id")))

    members = []
    for row in data.get("members", []) or []:
        member_id = str(row.get("id"))
        subscriptions = []
        for customer in customers_of.get(member_id, []):
            for sub in subscriptions_of.get(customer, []):
                subscriptions.append(
                    {
                        "id": sub.get("subscription_id"),
                        "customer": customer,
                        "status": sub.get("status"),
                        "cancel_at_period_end": bool(sub.get("cancel_at_period_end")),
                        "current_period_end": _timestamp(sub.get("current_period_end")),
                        "start_date": _timestamp(sub.get("start_date") or sub.get("created_at")),
                        "items": {
                            "data": [
                                {
                                    "price": {
                                        "unit_amount": sub.get("plan_amount"),
                                        "currency": (sub.get("plan_currency") or "").lower(),
                                        "recurring": {"interval": sub.get("plan_interval")},
                                    }
                                }
                            ]
                        },
                    }
                )
        members.append(
            GhostMember(
                source_id=member_id,
                email=row.get("email") or "",
                name=row.get("name") or "",
                status=row.get("status") or "free",
                newsletter_ids=newsletters_of.get(member_id, []),
                subscribed=bool(row.get("subscribed")),
                subscriptions=subscriptions,
            )
        )
    return members


class GhostMembersImport:
    """Imports members into a report (`articles.importers.records.ImportReport`)."""

    def __init__(self, *, data: dict, report):
        self.data = data
        self.report = report
        self._newsletters: dict[str, Newsletter] = {}

    def newsletter_for(self, ghost_id: str | None) -> Newsletter:
        key = ghost_id or ""
        if key in self._newsletters:
            return self._newsletters[key]
        rows = {str(r.get("id")): r for r in self.data.get("newsletters", []) or []}
        row = rows.get(key)
        if row is None:
            # Ghost 4 had one newsletter: ours that is featured, else the first.
            newsletter = Newsletter.objects.order_by("-is_featured", "position", "pk").first()
            name, slug = "Newsletter", "newsletter"
        else:
            name = row.get("name") or "Newsletter"
            slug = slugify(row.get("slug") or name) or "newsletter"
            newsletter = Newsletter.objects.filter(slug=slug).first()
        if newsletter is None:
            newsletter = Newsletter.objects.create(name=name[:120], slug=slug[:50])
            self.report.count("created", "newsletters")
        self._newsletters[key] = newsletter
        return newsletter

    def run(self, members: list[GhostMember]) -> None:
        for member in members:
            label = f"member {member.email or member.source_id}"
            if not member.email or "@" not in member.email:
                self.report.skip(label, "no email address")
                continue
            try:
                with transaction.atomic():
                    self._member(member, label)
            except (DatabaseError, ValueError) as error:
                self.report.skip(label, str(error) or type(error).__name__)

    def _member(self, member: GhostMember, label: str) -> None:
        User = get_user_model()
        email = email_normalize(member.email)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            first, _, last = member.name.partition(" ")
            user = User.objects.create_user(
                email=email, password=None, first_name=first[:150], last_name=last[:150]
            )
            self.report.count("created", "members")
        else:
            self.report.count("unchanged", "members")

        wanted = list(member.newsletter_ids)
        if not wanted and member.subscribed and not self.data.get("newsletters"):
            wanted = [""]
        for ghost_id in wanted:
            newsletter = self.newsletter_for(ghost_id)
            subscription = NewsletterSubscription.objects.filter(
                newsletter=newsletter, email=email
            ).first()
            if subscription is None:
                NewsletterSubscription.objects.create(
                    newsletter=newsletter,
                    email=email,
                    user=user,
                    status=NewsletterSubscription.Status.CONFIRMED,
                    source=NewsletterSubscription.Source.IMPORT,
                    confirmed_at=timezone.now(),
                )
                self.report.count("created", "newsletter subscriptions")
            elif subscription.status == NewsletterSubscription.Status.PENDING:
                subscription.confirm()
                self.report.count("updated", "newsletter subscriptions")

        live = [
            s for s in member.subscriptions if s.get("id") and s.get("status") in LIVE_SUBSCRIPTIONS
        ]
        if not live:
            if member.status == "comped":
                self.report.warn(
                    f"{label}: complimentary in Ghost, so no membership here "
                    "(give them a gift membership if they should keep access)"
                )
            return
        subscription = max(live, key=lambda s: s.get("current_period_end") or 0)
        membership = membership_lock(user=user)
        already = membership.stripe_subscription_id == subscription["id"]
        if membership_import_subscription(membership, subscription):
            self.report.count("unchanged" if already else "created", "memberships")
        else:
            self.report.warn(
                f"{label}: already a member here; their Ghost subscription was not linked"
            )
