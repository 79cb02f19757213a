"""What readers notice in a browser: every page type passes axe in both colour schemes
at phone and desktop widths, focus is always visible, the dark-mode choice is
remembered, and an article prints as an article.

One small outlet is made per test and pages are loaded as few times as possible:
the colour scheme and the width change on a loaded page (CSS reacts without a reload).
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Section
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BriefFactory,
    EditorsPickFactory,
    SectionFactory,
)
from tests.browser import assert_accessible
from tests.members.campaigns.factories import CampaignFactory
from tests.members.factories import PlanPriceFactory
from tests.members.gifts.factories import GiftPriceFactory
from tests.members.newsletters.factories import NewsletterFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(settings):
    """A small outlet: an article with a captioned picture, tags, related reading, a
    brief and a pick; a featured campaign; a plan, a gift price and a newsletter."""
    settings.ARTICLE_AUDIO = False  # the player has its own browser test
    today = timezone.localdate()
    section = SectionFactory(name="Kyiv", slug="kyiv")
    author = AuthorFactory(name="Olena Demo", slug="olena-demo")
    older = ArticleFactory(headline="Trams run again on the left bank", section=section)
    article = ArticleFactory(
        headline="The bakery that kept its lights on",
        section=section,
        authors=[author],
        tags=["energy"],
        lead_image=True,
        lead_image_alt="Bread on a counter",
        lead_image_caption="The morning delivery",
        lead_image_credit="Photo: Newsroom",
        body="<p>First.</p><p>Second.</p><blockquote><p>A quote.</p></blockquote><p>Third.</p>",
    )
    article.related_articles.add(older)
    BriefFactory(headline="Power back in Podil")
    EditorsPickFactory(article=older)
    CampaignFactory(
        featured=True, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=20)
    )
    PlanPriceFactory()
    GiftPriceFactory()
    NewsletterFactory(name="Morning Ledger", slug="morning-ledger", is_featured=True)
    return article


def reader_pages(article: Article) -> list[str]:
    section = Section.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    tag = article.tags.first()
    pages = [
        "/",
        article.get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
        "/news-feed/",
        "/latest/",
        f"/archive/{date.today().year}/",
        "/search/?q=the",
        "/campaign/",
        "/membership/",
        "/gift/",
        "/newsletters/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    if tag:
        pages.append(f"/tags/{tag.slug}/")
    return pages


# Elements reaching past the right edge of the screen (sideways scrolling on a phone).
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((element) => element.outerHTML.slice(0, 100))"""


def settle(page) -> None:
    """Wait for colour transitions started by a change of scheme to finish: axe
    would otherwise measure a colour half-way between the two."""
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )


def test_every_page_type_passes_axe_in_both_schemes_at_phone_and_desktop_widths(
    page, live_url, demo
):
    for path in reader_pages(demo):
        page.set_viewport_size(PHONE)
        page.emulate_media(color_scheme="light")
        response = page.goto(f"{live_url}{path}")
        assert response.status == 200, path
        if path.startswith("/search/"):
            # The results line is announced, and still a heading to navigate by.
            results = page.get_by_role("heading", level=2, name=re.compile("result|Nothing found"))
            assert results.is_visible()
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            if viewport is PHONE:
                # Nothing sticks out sideways on a phone, and the header has side room.
                assert page.evaluate(WIDER_THAN_SCREEN) == [], path
                assert page.locator(".site-name").bounding_box()["x"] >= 8, path
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                settle(page)
                assert_accessible(page)


# The colour of the focus outline and the colour of what it is drawn on (the nearest
# ancestor with a background, as the outline sits outside the element), as RGB lists.
FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const parse = (value) => value.match(/[\\d.]+/g).map(Number);
  const style = getComputedStyle(element);
  let node = element.parentElement;
  let background = [255, 255, 255, 1];
  while (node) {
    const rgba = parse(getComputedStyle(node).backgroundColor);
    if (rgba.length < 4 || rgba[3] > 0) { background = rgba; break; }
    node = node.parentElement;
  }
  return {
    element: element.outerHTML.slice(0, 120),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outline: parse(style.outlineColor),
    background: background,
  };
}"""


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: list[float], second: list[float]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tab_through(page, presses: int) -> list[dict]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus:
            seen.append(focus)
    return seen


def test_a_keyboard_reader_always_sees_where_the_focus_is(page, live_url, demo):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        # The article page: skip link, header, campaign banner, article, tags, share
        # links, the appeal and the newsletter form; then the join form's fields.
        page.goto(f"{live_url}{demo.get_absolute_url()}")
        focused = tab_through(page, 70)
        page.goto(f"{live_url}/membership/")
        focused += tab_through(page, 25)

        kinds = " ".join(focus["element"] for focus in focused)
        for expected in ("skip-link", "nav-link", "campaign-banner__join", "<input", "btn"):
            assert expected in kinds, f"never focused a {expected} in {scheme}"
        for focus in focused:
            assert focus["outlineStyle"] != "none", (scheme, focus)
            assert focus["outlineWidth"] >= 2, (scheme, focus)
            ratio = contrast(focus["outline"], focus["background"])
            assert ratio >= 3, f"{scheme}: focus outline {ratio:.2f}:1 on {focus['element']}"


def test_the_dark_mode_choice_is_remembered_without_a_cookie(page, live_url, demo):
    page.emulate_media(color_scheme="light")
    page.goto(f"{live_url}/")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"

    toggle = page.get_by_role("button", name="Dark mode")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate(background) == "rgb(33, 37, 41)"

    # Another page: dark from the first paint, chosen in this browser only.
    page.goto(f"{live_url}{demo.get_absolute_url()}", wait_until="commit")
    page.wait_for_selector("body")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    page.wait_for_load_state()
    assert page.evaluate(background) == "rgb(33, 37, 41)"
    assert not any("theme" in cookie["name"] for cookie in page.context.cookies())

    # Back to light, remembered over the system's dark preference.
    page.get_by_role("button", name="Dark mode").click()
    page.emulate_media(color_scheme="dark")
    page.reload()
    assert page.evaluate(background) == "rgb(255, 255, 255)"


def test_a_reader_who_prefers_dark_gets_it_without_choosing(browser, live_url, demo):
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(33, 37, 41)"
    context.close()


def test_an_article_prints_as_an_article(page, live_url, demo, tmp_path):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_url}{demo.get_absolute_url()}")
    page.emulate_media(media="print", color_scheme="dark")
    screenshot = page.screenshot(path=tmp_path / "print.png", full_page=True)
    assert screenshot.startswith(b"\x89PNG")

    article = page.locator("article.article")
    for visible in (
        article.get_by_role("heading", level=1, name=demo.headline),
        article.locator(".article__byline"),
        article.locator(".article__date"),
        article.locator(".article__lead-image img"),
        article.get_by_text("The morning delivery"),
        article.get_by_text("Photo: Newsroom"),
        article.locator(".article__body"),
        article.get_by_text(f"{live_url}{demo.get_absolute_url()}"),
    ):
        assert visible.is_visible(), visible
    for hidden in (
        page.locator(".site-header"),
        page.locator(".campaign-banner"),
        page.locator(".site-footer"),
        page.locator(".share-links"),
        page.locator("form").first,
        page.locator(".news-feed-aside"),
    ):
        assert hidden.count() == 0 or not hidden.first.is_visible(), hidden
    # Black on white whatever the screen's scheme.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    # The article takes the page's full width once the asides are gone.
    assert article.bounding_box()["width"] > 0.9 * DESKTOP["width"] - 100
