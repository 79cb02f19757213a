"""Each recipient's copy of an issue, cut from one MIME message prepared per batch.

Every copy of an issue is the same message except for four things: the recipient's
address, its Message-ID, and the unsubscribe link (in the List-Unsubscribe header
and in both bodies). Building each copy with `EmailMessage.message()` costs a few
milliseconds of header parsing and folding in Python's `email` package, most of the
CPU of a big send. So Django and the `email` package build the message once, with
placeholders where a copy differs (`IssueMimeTemplate`), and each copy is those
bytes with the placeholders replaced and its two bodies encoded by the C encoders
of `binascii` (quoted-printable or base64, both 7-bit safe whatever the link).

The copy is still a Django `EmailMultiAlternatives` (`IssueEmail`), so every mail
backend works: the SMTP backend sends the prepared bytes, and anything else that
looks into the MIME message gets it parsed from those bytes. Addresses that need
more than plain ASCII (IDNA domains, quoted local parts) take Django's full path.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import re
from email.message import EmailMessage as MIMEMessage
from email.policy import Policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

# Stand-ins for what differs per copy. The address and Message-ID are well-formed,
# so Django validates the template as it would a real message.
TO_PLACEHOLDER = "newsletter-recipient@recipient.invalid"
MESSAGE_ID_PLACEHOLDER = "<newsletter-message-id@message-id.invalid>"
TEXT_PLACEHOLDER = "NEWSLETTER-TEXT-BODY-PLACEHOLDER"
HTML_PLACEHOLDER = "NEWSLETTER-HTML-BODY-PLACEHOLDER"

# Addresses that go into the To header and the SMTP envelope as they are (an atom
# local part and an ASCII domain); anything else is built the slow, general way.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\Z")


def _mostly_ascii(text: str) -> bool:
    data = text.encode()
    return len(data) == 0 or sum(byte < 128 for byte in data) / len(data) > 0.8


class IssueMimeTemplate:
    """The issue's MIME message for one policy, with placeholders, as bytes."""

    def __init__(
        self,
        *,
        subject: str,
        text_body: str,
        html_body: str,
        headers: dict[str, str],
        unsubscribe_placeholder: str,
        policy: Policy,
    ):
        self.text_body = text_body
        self.html_body = html_body
        self.unsubscribe_placeholder = unsubscribe_placeholder
        self.policy = policy
        self.linesep = policy.linesep.encode()
        template = EmailMultiAlternatives(
            subject=subject,
            body=TEXT_PLACEHOLDER,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[TO_PLACEHOLDER],
            headers={**headers, "Message-ID": MESSAGE_ID_PLACEHOLDER},
        )
        template.attach_alternative(HTML_PLACEHOLDER, "text/html")
        message = template.message(policy=policy)
        # The bodies' transfer encoding is chosen once for the issue (Python would
        # choose per copy, by the same measure), and each part is given the
        # placeholder as its already-encoded payload, replaced per copy.
        self.encodings = {}
        for part, placeholder, body in (
            (message.get_body(("plain",)), TEXT_PLACEHOLDER, text_body),
            (message.get_body(("html",)), HTML_PLACEHOLDER, html_body),
        ):
            cte = "quoted-printable" if _mostly_ascii(body) else "base64"
            subtype = part.get_content_subtype()
            part.set_content(placeholder, subtype=subtype, charset="utf-8", cte=cte)
            part.set_payload(placeholder + policy.linesep)
            self.encodings[placeholder] = cte
        raw = message.as_bytes()
        # The pieces between placeholders, and which placeholder follows each.
        names = [
            TO_PLACEHOLDER,
            MESSAGE_ID_PLACEHOLDER,
            unsubscribe_placeholder,
            TEXT_PLACEHOLDER,
            HTML_PLACEHOLDER,
        ]
        pattern = re.compile(b"|".join(re.escape(name.encode()) for name in names))
        self.pieces = pattern.split(raw)
        self.slots = [found.decode() for found in pattern.findall(raw)]
        expected = {TO_PLACEHOLDER, MESSAGE_ID_PLACEHOLDER, TEXT_PLACEHOLDER, HTML_PLACEHOLDER}
        if not expected <= set(self.slots) or self.slots.count(TEXT_PLACEHOLDER) != 1:
            raise ValueError("The issue's MIME message lost a placeholder.")

    def _encode(self, cte: str, text: str) -> bytes:
        # Line breaks normalised as Python's set_content does: canonical (the
        # policy's) inside base64, plain newlines that quoted-printable turns
        # into the policy's line breaks.
        lines = text.encode().splitlines()
        if cte == "base64":
            encoded = base64.encodebytes(self.linesep.join(lines) + self.linesep)
        else:
            data = b"\n".join(lines) + b"\n"
            encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)
        return encoded.replace(b"\n", self.linesep)

    def render(self, *, to: str, message_id: str, unsubscribe: str) -> bytes:
        values = {
            TO_PLACEHOLDER: to.encode(),
            MESSAGE_ID_PLACEHOLDER: message_id.encode(),
            self.unsubscribe_placeholder: unsubscribe.encode(),
        }
        for placeholder, body in (
            (TEXT_PLACEHOLDER, self.text_body),
            (HTML_PLACEHOLDER, self.html_body),
        ):
            # The body's own unsubscribe link; the placeholder's line ending
            # (kept in the pieces) ends the encoded body.
            text = body.replace(self.unsubscribe_placeholder, unsubscribe)
            values[placeholder] = self._encode(self.encodings[placeholder], text).removesuffix(
                self.linesep
            )
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return b"".join(out)


class PreparedMIMEMessage:
    """A MIME message given as bytes: `as_bytes()` returns them; anything else a
    backend asks of it is answered by the message parsed from them."""

    def __init__(self, raw: bytes, policy: Policy):
        self.raw = raw
        self.policy = policy
        self._parsed: MIMEMessage | None = None

    def as_bytes(self, unixfrom: bool = False, policy: Policy | None = None) -> bytes:
        if not unixfrom and (policy is None or policy == self.policy):
            return self.raw
        return self.parsed().as_bytes(unixfrom=unixfrom, policy=policy)

    def __bytes__(self) -> bytes:
        return self.as_bytes()

    def parsed(self) -> MIMEMessage:
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self.raw, policy=self.policy)
        return self._parsed

    def __getattr__(self, name: str):
        return getattr(self.parsed(), name)

    def __getitem__(self, name: str):
        return self.parsed()[name]

    def __contains__(self, name: str) -> bool:
        return name in self.parsed()


class IssueEmail(EmailMultiAlternatives):
    """One recipient's copy of an issue: a normal Django message whose MIME form
    is cut from the issue's prepared message when it can be."""

    def __init__(self, *args, prepared: IssueMimeCopies, unsubscribe: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = prepared
        self.unsubscribe = unsubscribe

    def message(self, *, policy: Policy = email.policy.default):
        message_id = self.extra_headers.get("Message-ID")
        plain = len(self.to) == 1 and PLAIN_ADDRESS.match(self.to[0])
        # (Without a text body Django leaves the text part out; the template has one.)
        if message_id and plain and self.body and not self.cc and not self.bcc:
            raw = self.prepared.template(policy).render(
                to=self.to[0], message_id=message_id, unsubscribe=self.unsubscribe
            )
            return PreparedMIMEMessage(raw, policy)
        return super().message(policy=policy)


class IssueMimeCopies:
    """The templates of one rendered issue, one per email policy asked for
    (the SMTP backend asks for `email.policy.SMTP`, others for the default)."""

    def __init__(self, **template_arguments):
        self.template_arguments = template_arguments
        self.templates: dict[Policy, IssueMimeTemplate] = {}

    def template(self, policy: Policy) -> IssueMimeTemplate:
        if policy not in self.templates:
            self.templates[policy] = IssueMimeTemplate(**self.template_arguments, policy=policy)
        return self.templates[policy]
