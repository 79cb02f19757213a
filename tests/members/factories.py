import uuid

import factory

from members.memberships.models import Membership, Plan, PlanPrice
from tests.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["slug"]

    name = "Supporter"
    slug = factory.LazyAttribute(lambda plan: plan.name.lower().replace(" ", "-"))
    description = "Keep the newsroom independent."
    benefits = "Our thanks\nThe members' newsletter"


class PlanPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPrice

    plan = factory.SubFactory(PlanFactory)
    interval = PlanPrice.Interval.MONTH
    amount = 500
    currency = "eur"
    # Unique per test run so parallel tests never share a Price in the fake Stripe.
    stripe_lookup_key = factory.LazyFunction(lambda: f"test_{uuid.uuid4().hex[:12]}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    status = Membership.Status.ACTIVE
