"""What of an article is narrated, and the fingerprint that tells when it changed."""

import hashlib

from django.conf import settings
from django.utils.text import get_text_list

from articles.models import Article
from articles.narration import article_to_text


def article_wants_audio(article: Article) -> bool:
    """Published or scheduled articles are narrated (scheduled ones ahead of going live,
    so the audio is there the moment readers are), in languages the engine has a voice
    for: an English voice reading Ukrainian would be worse than no audio."""
    return (
        article.status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
        and article.publish_at is not None
        and article.language in settings.NARRATION_LANGUAGES
    )


def article_byline(article: Article) -> str:
    """ "Oksana Hnatiuk and Taras Levchenko": the names as the narrator says them."""
    return get_text_list([author.name for author in article.ordered_authors], "and")


def article_narration_text(article: Article) -> str:
    """Exactly what is read aloud: headline, byline and body text without markup."""
    return article_to_text(
        headline=article.headline, byline=article_byline(article), body_html=article.body
    )


def narration_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
