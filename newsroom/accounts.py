"""Glue between django-allauth and the rest of Newsroom."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from .client_ip import client_ip
from .emails import email_send_rendered


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth's login, signup and reset limits count the same address as ours.
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        # The edition the reader signed up in (the URL's language): their emails use it.
        user.language = get_language()
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth renders the message (subject, text and HTML parts) as usual; only
        # the delivery moves to a background task, so a slow mail server never
        # holds up sign-up or password reset.
        # The outlet's name and address for the HTML part (templates/account/email/).
        context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        text_body = message.body
        if message.content_subtype == "html":
            html_body, text_body = message.body, ""
        email_send_rendered(
            subject=message.subject,
            to=email,
            text_body=text_body,
            html_body=html_body,
            from_email=message.from_email,
        )
