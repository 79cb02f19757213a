import factory

from members.newsletters.models import (
    Cadence,
    Newsletter,
    NewsletterIssue,
    NewsletterSubscription,
)


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Dispatch {n}")
    slug = factory.Sequence(lambda n: f"dispatch-{n}")
    description = "What happened today, and why it matters."
    cadence = Cadence.WEEKLY


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterSubscription

    newsletter = factory.SubFactory(NewsletterFactory)
    email = factory.Sequence(lambda n: f"subscriber{n}@example.com")
    status = NewsletterSubscription.Status.CONFIRMED


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    newsletter = factory.SubFactory(NewsletterFactory)
    subject = "The week in Kharkiv"
    body = "<p>Dear readers, <strong>here is</strong> the week.</p>"
