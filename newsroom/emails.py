"""Outgoing email: rendered from templates, always sent by a background task.

Every email has a text part and an HTML part, from
`templates/<app>/emails/<name>_subject.txt`, `_body.txt` and `_body.html`.
Sending is queued after the surrounding transaction commits, so a rolled-back
request never sends mail, and a slow SMTP server never slows a request.

Each email is written in its reader's language (stored on their account, gift or
subscription), whatever the language of the request or webhook that sends it:
`in_language()` wraps building the context too, so links go to that edition.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import deliver_email


def in_language(language: str | None):
    """Render (and reverse URLs) in `language`; the current language when it is None."""
    return translation.override(language or translation.get_language())


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    """Render (subject, text body, HTML body) for `template_prefix`."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    subject = " ".join(subject.split())  # headers must be one line
    text_body = render_to_string(f"{template_prefix}_body.txt", context)
    html_body = render_to_string(f"{template_prefix}_body.html", context)
    return subject, text_body, html_body


def email_send(
    *,
    template_prefix: str,
    to: str,
    context: dict,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> None:
    """Render an email now and deliver it from a background task after commit."""
    subject, text_body, html_body = render_email(template_prefix, context)
    email_send_rendered(
        subject=subject,
        to=to,
        text_body=text_body,
        html_body=html_body,
        headers=headers,
        from_email=from_email,
    )


def email_send_rendered(
    *,
    subject: str,
    to: str,
    text_body: str,
    html_body: str | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> None:
    if to.lower().endswith(".invalid"):
        # RFC 2606 addresses stand for no one: an erased account, a generated member.
        return
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            subject=subject,
            to=to,
            text_body=text_body,
            html_body=html_body,
            headers=headers or {},
            from_email=from_email,
        )
    )
