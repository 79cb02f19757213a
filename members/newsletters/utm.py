"""Campaign tags (UTM) on the links of a newsletter issue that lead to our own site.

A reader who clicks through from an issue lands with
`utm_source=newsletter&utm_medium=email&utm_campaign=<newsletter slug>&utm_content=issue-<id>`,
which the analytics beacon counts (members/analytics: the dashboard's UTM table), so
the newsroom sees which newsletter, and which issue, brought readers. Links to other
sites are left as they are (their owners' analytics are not ours to fill), and so are
links the editor already tagged. Tags are added when the issue is rendered, once per
issue, never per recipient.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from newsroom.html_fragments import fragment_parse, fragment_serialize

from .models import NewsletterIssue


def issue_utm_tags(issue: NewsletterIssue) -> dict[str, str]:
    return {
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": issue.newsletter.slug,
        "utm_content": f"issue-{issue.pk}" if issue.pk else "issue",
    }


def _is_ours(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/")  # a path on our site (emails make them absolute)
    site = urlsplit(settings.SITE_URL)
    return parts.scheme in {"http", "https"} and parts.hostname == site.hostname


def url_tagged(url: str, tags: dict[str, str] | None) -> str:
    """`url` with `tags` added to its query, if it leads to our site and carries no
    UTM tag yet. The query's own parameters stay exactly as written."""
    if not tags or not url or not _is_ours(url):
        return url
    parts = urlsplit(url)
    if any(name.lower().startswith("utm_") for name, _ in parse_qsl(parts.query)):
        return url
    query = f"{parts.query}&{urlencode(tags)}" if parts.query else urlencode(tags)
    return urlunsplit(parts._replace(query=query))


def html_links_tagged(html: str, tags: dict[str, str] | None) -> str:
    """Every `<a href>` of a (sanitised) HTML fragment through `url_tagged`."""
    if not tags or "<a" not in html:
        return html
    container = fragment_parse(html)
    for link in container.iter("a"):
        if link.get("href"):
            link.set("href", url_tagged(link.get("href"), tags))
    return fragment_serialize(container)
