"""The player in a real browser: accessible (axe, WCAG 2.2 AA), within the strict CSP,
and reachable by keyboard."""

import pytest

from articles.audio.services import article_audio_request
from tests.articles.factories import ArticleFactory
from tests.articles.test_browser import csp_violations
from tests.browser import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_audio_player_is_accessible_and_keeps_to_the_csp(page, live_url):
    article = ArticleFactory(headline="Night trains keep running")
    article_audio_request(article_id=article.pk)  # autocommit: narrated at once in tests
    errors = csp_violations(page)

    page.goto(f"{live_url}{article.get_absolute_url()}")

    player = page.locator("section.article-audio")
    assert player.is_visible()
    assert "This audio is created with AI assistance." in player.inner_text()
    assert page.get_by_role("region", name="Listen to this article").count() == 1
    assert page.locator("audio[controls]").get_attribute("preload") == "none"
    assert_accessible(page)
    # The native controls and the download link are in the tab order.
    page.locator(".article__meta").first.click()
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate("document.activeElement.className || document.activeElement.tagName")
        )
        if "article-audio__download" in seen[-1]:
            break
    assert "AUDIO" in seen or "article-audio__player" in seen
    assert "article-audio__download" in seen[-1]
    assert errors == []
