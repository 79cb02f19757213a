"""Turn an article (headline, byline, body HTML) into the plain text an engine reads aloud.

The body is parsed with the standard library's HTML parser, never with regular expressions.
Paragraph-like elements become paragraphs (separated by a blank line, where engines pause
longer); list items, table cells and ``<br>`` become separate sentences. Every line is made to
end in punctuation so that the engine pauses after headings and list items instead of running
them into the next sentence.
"""

from html.parser import HTMLParser

# Content that is never read aloud. Besides code and styling, this covers media and widgets
# (no spoken form) and figures: captions and photo credits interrupt the story when read out.
UNSPOKEN_ELEMENTS = frozenset(
    {
        "audio",
        "button",
        "canvas",
        "embed",
        "figure",
        "form",
        "head",
        "iframe",
        "map",
        "math",
        "nav",
        "noscript",
        "object",
        "picture",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
    }
)

# Elements that start and end a paragraph.
PARAGRAPH_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "details",
        "div",
        "dl",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
    }
)

# Elements that start and end a sentence within the current paragraph.
LINE_ELEMENTS = frozenset({"br", "dd", "dt", "li", "td", "th", "tr"})

# Elements that never have content or an end tag (HTML's void elements).
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)

SENTENCE_ENDINGS = frozenset(".!?…:;")
# Closing quotes and brackets may follow a sentence's final punctuation: 'He said "Go."'
CLOSING_MARKS = "\"')]\u201d\u2019\u00bb"  # plus curly double/single quote, guillemet

# Invisible characters that would otherwise split or glue words for the engine.
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None})


def article_to_text(*, headline: str, byline: str, body_html: str) -> str:
    """Return the narration text of an article: headline, byline, then body, as paragraphs.

    ``headline`` and ``byline`` are plain text. A byline without a leading "By" gets one.
    Returns an empty string when there is nothing to read.
    """
    paragraphs = []
    headline_line = _clean_line(headline)
    if headline_line:
        paragraphs.append(headline_line)
    byline_line = _clean_line(byline)
    if byline_line:
        if not byline_line.lower().startswith("by "):
            byline_line = f"By {byline_line}"
        paragraphs.append(byline_line)
    body = html_to_text(body_html)
    if body:
        paragraphs.append(body)
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Return the readable text of an HTML fragment: paragraphs separated by blank lines."""
    parser = _NarrationTextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _clean_line(text: str) -> str:
    """Collapse whitespace, drop invisible characters and end the line with punctuation."""
    # str.split() without arguments also splits on no-break and other Unicode spaces.
    line = " ".join(text.translate(_INVISIBLE).split())
    if line and line.rstrip(CLOSING_MARKS)[-1:] not in SENTENCE_ENDINGS:
        line += "."
    return line


class _NarrationTextParser(HTMLParser):
    """Collects text into paragraphs of lines, skipping unspoken and hidden elements."""

    def __init__(self) -> None:
        # convert_charrefs decodes entities (&amp;, &#8217;, &nbsp;...) in text for us.
        super().__init__(convert_charrefs=True)
        self._paragraphs: list[list[str]] = []
        self._lines: list[str] = []
        self._fragments: list[str] = []
        # Open elements inside the outermost skipped one; text is ignored while non-empty.
        self._skipped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipped:
            if tag not in VOID_ELEMENTS:
                self._skipped.append(tag)
            return
        if tag not in VOID_ELEMENTS and (tag in UNSPOKEN_ELEMENTS or _is_hidden(attrs)):
            self._skipped.append(tag)
            return
        self._break_for(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped:
            # Pop up to the matching start tag; tolerates children left unclosed (<p>, <li>).
            # A stray end tag with no matching start inside the skipped part is ignored.
            if tag in self._skipped:
                while self._skipped.pop() != tag:
                    pass
            return
        self._break_for(tag)

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self._fragments.append(data)

    def text(self) -> str:
        self._end_paragraph()
        return "\n\n".join("\n".join(lines) for lines in self._paragraphs)

    def _break_for(self, tag: str) -> None:
        if tag in PARAGRAPH_ELEMENTS:
            self._end_paragraph()
        elif tag in LINE_ELEMENTS:
            self._end_line()

    def _end_line(self) -> None:
        line = _clean_line("".join(self._fragments))
        self._fragments.clear()
        if line:
            self._lines.append(line)

    def _end_paragraph(self) -> None:
        self._end_line()
        if self._lines:
            self._paragraphs.append(self._lines)
            self._lines = []


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """True for elements marked as not shown (``hidden``) or not for assistive tech."""
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "aria-hidden" and (value or "").strip().lower() == "true":
            return True
    return False
