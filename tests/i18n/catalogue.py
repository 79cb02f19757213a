"""Reading our own translation catalogues (locale/<code>/LC_MESSAGES/django.po)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def catalogue_path(code: str, suffix: str = "po") -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"django.{suffix}"


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def english_sources(code: str) -> set[str]:
    """Our English source strings, as they appear on a page once rendered (markup
    stripped, placeholders cut out): the pieces that must never reach that edition."""
    pieces = set()
    for entry in polib.pofile(str(catalogue_path(code))):
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            for piece in PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", source)):
                piece = " ".join((piece or "").split()).strip(" .,:;!?()“”")
                # Short fragments ("and", "Day") also occur inside other words or
                # names; the page check below catches them as English words instead.
                if len(piece.split()) >= 3:
                    pieces.add(piece)
    return pieces


class VisibleText(HTMLParser):
    """What a reader sees or hears: text nodes outside scripts, styles and the head's
    machine-readable parts, plus the attributes that screen readers and browsers show."""

    SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
    SKIPPED = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIPPED:
            self._skipping += 1
        for name in self.SHOWN_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "meta" and attributes.get("name") == "description":
            self.parts.append(attributes.get("content") or "")
        if tag == "input" and attributes.get("type") == "submit":
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
