from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def deliver_email(
    *,
    subject: str,
    to: str,
    text_body: str,
    html_body: str | None,
    headers: dict[str, str],
    from_email: str | None = None,
) -> None:
    """Send one rendered email through the configured email backend."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text_body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
