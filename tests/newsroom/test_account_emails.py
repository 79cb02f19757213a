"""allauth's account emails (verify an address, reset a password, security notices,
two-factor authentication) have an HTML part in the site's email style, with the
same links as the text part, like every other email the site sends."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.core import mail
from django.test import RequestFactory

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def html_part(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def test_the_verification_email_has_an_html_part_with_the_link(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    html = html_part(message)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<a href="{link}">Confirm your email address</a>' in html
    assert f"Hello from {settings.SITE_NAME}!" in html
    assert f"Thank you for using {settings.SITE_NAME}!" in html


def test_the_password_reset_email_has_an_html_part_with_the_link(
    client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": reader.email})

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    assert f'<a href="{link}">Reset your password</a>' in html_part(message)


@pytest.mark.parametrize(
    ("template_prefix", "notice"),
    [
        ("mfa/email/totp_activated", "Authenticator app activated."),
        ("mfa/email/totp_deactivated", "Authenticator app deactivated."),
        ("mfa/email/recovery_codes_generated", "recovery codes has been generated"),
        ("account/email/password_changed", "Your password has been changed."),
    ],
)
def test_security_notices_have_an_html_part(
    reader, template_prefix, notice, django_capture_on_commit_callbacks
):
    request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox <script>", REMOTE_ADDR="192.0.2.7")

    with django_capture_on_commit_callbacks(execute=True), context.request_context(request):
        get_adapter().send_notification_mail(template_prefix, reader)

    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert notice in message.body
    html = html_part(message)
    assert notice in html
    assert "192.0.2.7" in html
    assert "Firefox &lt;script&gt;" in html  # escaped, unlike the text part
