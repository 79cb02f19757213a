"""Each copy of an issue is cut from one prepared MIME message: what reaches the
SMTP server must be the message Django would have built for that reader."""

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from members.newsletters import sending
from members.newsletters.emails import UNSUBSCRIBE_PLACEHOLDER
from members.newsletters.issue_mime import IssueEmail, IssueMimeCopies
from members.newsletters.models import NewsletterDelivery, NewsletterSubscription
from members.newsletters.tasks import issue_send

from .factories import IssueFactory, SubscriptionFactory


class Received:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append((envelope.rcpt_tos, envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) behind Django's SMTP backend."""
    received = Received()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False},
        }
    }
    yield received
    controller.stop()


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_each_reader_gets_their_own_copy_over_smtp_with_a_working_unsubscribe_link(
    newsletter, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://news.example"
    newsletter.language = "uk"
    newsletter.save()
    issue = IssueFactory(
        newsletter=newsletter,
        subject="Тиждень у Харкові",
        body="<p>Дорогі читачі, <strong>ось</strong> тиждень. " + "Довгий рядок. " * 40 + "</p>",
    )
    readers = ["olena@example.com", "taras.b+news@example.org", "ira@example.net"]
    for address in readers:
        SubscriptionFactory(newsletter=newsletter, email=address)

    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send_start(issue_id=issue.pk)

    assert sorted(to for (to,), _ in smtp_server.envelopes) == sorted(readers)
    deliveries = {d.email: d for d in NewsletterDelivery.objects.filter(issue=issue)}
    links = set()
    for (to,), raw in smtp_server.envelopes:
        message = parsed(raw)
        assert message["To"] == to
        assert message["Subject"] == "Тиждень у Харкові"
        assert (
            message["Message-ID"] == f"<issue-{issue.pk}.delivery-{deliveries[to].pk}@news.example>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # The link is written as it is (RFC 2369), not folded into encoded words.
        header = re.search(rb"^List-Unsubscribe: <(https://news\.example/[^>]+)>\r$", raw, re.M)
        assert header, raw[:800].decode()
        link = header.group(1).decode()
        links.add(link)
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "ось" in html and "Дорогі читачі" in text
        assert link in text and link in html
    assert len(links) == len(readers)

    # Each link unsubscribes its own reader, in one POST.
    (to,), raw = smtp_server.envelopes[0]
    link = re.search(rb"^List-Unsubscribe: <([^>]+)>", raw, re.M).group(1).decode()
    Client(enforce_csrf_checks=True).post(
        link.removeprefix("https://news.example"), {"List-Unsubscribe": "One-Click"}
    )
    statuses = dict(NewsletterSubscription.objects.values_list("email", "status"))
    assert statuses[to] == "unsubscribed"
    assert sorted(statuses.values()) == ["confirmed", "confirmed", "unsubscribed"]


def test_an_address_beyond_plain_ascii_is_built_the_general_way(
    newsletter, smtp_server, django_capture_on_commit_callbacks
):
    issue = IssueFactory(newsletter=newsletter)
    SubscriptionFactory(newsletter=newsletter, email="reader@exämple.com")
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send_start(issue_id=issue.pk)
    ((to,), raw), *others = smtp_server.envelopes
    assert not others
    assert to == "reader@xn--exmple-cua.com"  # Django's IDNA encoding of the domain
    assert "here is" in parsed(raw).get_body(("html",)).get_content()
    issue_send.call(issue_id=issue.pk)  # nothing left to send
    assert len(smtp_server.envelopes) == 1


body_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
    | st.sampled_from("\n\t =."),
    max_size=400,
)


@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=body_text,
    html=body_text,
    policy=st.sampled_from([email.policy.SMTP, email.policy.default]),
)
def test_a_prepared_copy_reads_the_same_as_the_message_django_builds(text, html, policy):
    text = f"{text}\n{UNSUBSCRIBE_PLACEHOLDER}\n{text}"
    html = f"<p>{html}</p><a href='{UNSUBSCRIBE_PLACEHOLDER}'>{html}</a>"
    headers = {
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Briefing <briefing.newsletters.news.example>",
    }
    copies = IssueMimeCopies(
        subject="Тема: the week",
        text_body=text,
        html_body=html,
        headers={**headers, "List-Unsubscribe": f"<{UNSUBSCRIBE_PLACEHOLDER}>"},
        unsubscribe_placeholder=UNSUBSCRIBE_PLACEHOLDER,
    )
    link = "https://news.example/newsletters/unsubscribe/.eJyrVsrMS0lVsjI0M:1vQz:a-b_c/"
    copy = IssueEmail(
        subject="Тема: the week",
        body=text.replace(UNSUBSCRIBE_PLACEHOLDER, link),
        to=["reader.one+x@example.com"],
        headers={
            **headers,
            "List-Unsubscribe": f"<{link}>",
            "Message-ID": "<issue-1.delivery-2@news.example>",
        },
        prepared=copies,
        unsubscribe=link,
    )
    copy.attach_alternative(html.replace(UNSUBSCRIBE_PLACEHOLDER, link), "text/html")

    prepared = copy.message(policy=policy).as_bytes()
    built = EmailMultiAlternatives.message(copy, policy=policy).as_bytes()

    ours, django = parsed(prepared), parsed(built)
    for name in ("From", "To", "Subject", "Message-ID", "List-Id"):
        assert ours[name] == django[name]
    # Python folds the long link into encoded words (which decode with a stray
    # leading space); ours is the link as it is, as RFC 2369 wants it.
    assert ours["List-Unsubscribe"] == django["List-Unsubscribe"].strip() == f"<{link}>"
    for kind in ("plain", "html"):
        assert ours.get_body((kind,)).get_content() == django.get_body((kind,)).get_content()
    # Lines within SMTP's limit, and 7-bit bodies whatever the text.
    assert max(len(line) for line in prepared.splitlines()) <= 998
    assert prepared.split(b"\n\n" if policy is email.policy.default else b"\r\n\r\n", 1)[
        1
    ].isascii()
