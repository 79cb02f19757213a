"""Newsletter emails: one function per email, plus the issue message itself."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article
from newsroom.emails import email_send, in_language, render_email

from .issue_mime import IssueEmail, IssueMimeCopies
from .models import NewsletterDelivery, NewsletterIssue, NewsletterSubscription
from .tokens import confirm_token_make, unsubscribe_token_make
from .utm import issue_utm_tags

# Stands in for each recipient's own unsubscribe address while an issue is
# rendered once; it is replaced per recipient (URL-safe, so escaping leaves it be).
UNSUBSCRIBE_PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL-PLACEHOLDER"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscription: NewsletterSubscription) -> str:
    return absolute(reverse("members:newsletter-confirm", args=[confirm_token_make(subscription)]))


def unsubscribe_url(subscription: NewsletterSubscription) -> str:
    return absolute(
        reverse("members:newsletter-unsubscribe", args=[unsubscribe_token_make(subscription)])
    )


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 (one-click) unsubscribe headers."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirmation_send(subscription: NewsletterSubscription) -> None:
    with in_language(subscription.language):
        _confirmation_send(subscription)


def _confirmation_send(subscription: NewsletterSubscription) -> None:
    email_send(
        template_prefix="members/newsletters/emails/confirm",
        to=subscription.email,
        context={
            "newsletter": subscription.newsletter,
            "confirm_url": confirm_url(subscription),
            "max_age_days": settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS,
            "site_name": settings.SITE_NAME,
        },
    )


def already_subscribed_send(subscription: NewsletterSubscription) -> None:
    # Someone asked to subscribe an address that already is: tell its owner, not
    # the person at the form (who might not be the owner), in the language they
    # subscribed in.
    with in_language(subscription.language):
        _already_subscribed_send(subscription)


def _already_subscribed_send(subscription: NewsletterSubscription) -> None:
    url = unsubscribe_url(subscription)
    email_send(
        template_prefix="members/newsletters/emails/already_subscribed",
        to=subscription.email,
        context={"newsletter": subscription.newsletter, "unsubscribe_url": url},
        headers=unsubscribe_headers(url),
    )


class IssueMessages:
    """Builds each recipient's copy of an issue, rendering the templates once.

    Per copy only the address, the Message-ID and the unsubscribe link change;
    the MIME message itself is prepared once too (see `issue_mime`)."""

    template_prefix = "members/newsletters/emails/issue"

    def __init__(self, issue: NewsletterIssue, *, test: bool = False):
        self.issue = issue
        # In the newsletter's own language, whatever the editor's admin language.
        with in_language(issue.newsletter.language):
            context = {
                "issue": issue,
                "newsletter": issue.newsletter,
                "articles": issue_articles(issue),
                "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
                "preferences_url": absolute(reverse("members:newsletter-preferences")),
                "test": test,
                "utm": issue_utm_tags(issue),
            }
            rendered = render_email(self.template_prefix, context)
            # Each recipient's link is this address with their own signed token
            # (tokens are URL-safe, so reverse() would leave them as they are).
            self.unsubscribe_url_pattern = absolute(
                reverse("members:newsletter-unsubscribe", args=[UNSUBSCRIBE_PLACEHOLDER])
            )
        self.subject, self.text_body, self.html_body = rendered
        if test:
            self.subject = f"[Test] {self.subject}"
        self.domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        self.list_id = (
            f"{issue.newsletter.name} <{issue.newsletter.slug}.newsletters.{self.domain}>"
        )
        self.copies = IssueMimeCopies(
            subject=self.subject,
            text_body=self.text_body,
            html_body=self.html_body,
            headers=self._headers(UNSUBSCRIBE_PLACEHOLDER),
            unsubscribe_placeholder=UNSUBSCRIBE_PLACEHOLDER,
        )

    def _headers(self, unsubscribe: str) -> dict[str, str]:
        return {**unsubscribe_headers(unsubscribe), "List-Id": self.list_id}

    def message(
        self, *, to: str, unsubscribe: str, message_id: str | None = None
    ) -> EmailMultiAlternatives:
        headers = self._headers(unsubscribe)
        if message_id:
            headers["Message-ID"] = message_id
        message = IssueEmail(
            subject=self.subject,
            body=self.text_body.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers=headers,
            prepared=self.copies,
            unsubscribe=unsubscribe,
        )
        message.attach_alternative(
            self.html_body.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe), "text/html"
        )
        return message

    def for_delivery(self, delivery: NewsletterDelivery) -> EmailMultiAlternatives:
        # The Message-ID is derived from the delivery, so if a crash makes us send
        # the same delivery again (see sending.py), it is the same message, and
        # mailbox providers that de-duplicate by Message-ID show it once.
        token = unsubscribe_token_make(delivery.subscription)
        return self.message(
            to=delivery.email,
            unsubscribe=self.unsubscribe_url_pattern.replace(UNSUBSCRIBE_PLACEHOLDER, token),
            message_id=f"<issue-{delivery.issue_id}.delivery-{delivery.pk}@{self.domain}>",
        )


def issue_articles(issue: NewsletterIssue) -> list:
    """The articles chosen for the issue, in order; only those readers can see
    (an editor may have picked one that is since unpublished)."""
    if issue.pk is None:
        return []
    chosen = issue.chosen_articles.filter(article__in=Article.objects.published())
    return [choice.article for choice in chosen.select_related("article").order_by("position")]


def issue_preview_html(issue: NewsletterIssue) -> str:
    """The issue as a reader sees it, for the admin preview."""
    with in_language(issue.newsletter.language):
        return _issue_preview_html(issue)


def _issue_preview_html(issue: NewsletterIssue) -> str:
    return render_to_string(
        "members/newsletters/emails/issue_content.html",
        {
            "issue": issue,
            "newsletter": issue.newsletter,
            "articles": issue_articles(issue),
            "unsubscribe_url": "#",
            "preferences_url": "#",
            "utm": issue_utm_tags(issue),
        },
    )
