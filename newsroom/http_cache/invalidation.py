"""Which changes drop which cached pages.

Surrogate keys ("tags") carried by public pages:

- `site`: every page (the header's sections, the campaign banner, the newsletter box);
- `articles`: every list of articles (home, sections, tags, authors, latest,
  archives, search, feeds, sitemaps);
- `article-<id>`: the article's page, any page showing it as a related card
  or an editors' pick, and its translations' pages (which link to it);
- `author-<id>`: the author's page and the pages of articles with their byline;
- `picks`, `briefs`: pages showing editors' picks or the News Feed;
- `taxonomy`: section and tag names (every page shows them, so they also drop
  `site`; the parts kept rendered that show no campaign figure carry this one);
- `campaign`: campaign progress pages; `newsletters`: the newsletters page.

Receivers run on model signals because editors change content in many places
(the admin, its inlines, imports, the publish-when-due task); every one of them
saves these models. The purge itself waits for the commit (`purge.pages_changed`).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .purge import pages_changed


def _article_changed(sender, instance, **kwargs) -> None:
    # A translation shows on its original's page (hreflang, the edition switcher).
    original = [f"article-{instance.translation_of_id}"] if instance.translation_of_id else []
    pages_changed({f"article-{instance.pk}", "articles", *original})


def _article_part_changed(sender, instance, **kwargs) -> None:
    pages_changed({f"article-{instance.article_id}", "articles"})


def _author_changed(sender, instance, **kwargs) -> None:
    pages_changed({f"author-{instance.pk}", "articles"})


def _pick_changed(sender, instance, **kwargs) -> None:
    pages_changed({"picks"})


def _brief_changed(sender, instance, **kwargs) -> None:
    pages_changed({"briefs"})


def _everywhere(sender, instance, **kwargs) -> None:
    pages_changed({"site", "campaign", "newsletters"})


def _taxonomy_changed(sender, instance, **kwargs) -> None:
    pages_changed({"site", "campaign", "newsletters", "taxonomy"})


def _related_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        pages_changed({f"article-{instance.pk}"})


def receivers_connect() -> None:
    from taggit.models import Tag

    from articles.audio.models import ArticleAudio
    from articles.models import Article, ArticleAuthor, Author, Brief, EditorsPick, Section
    from articles.tags import TagName
    from members.campaigns.models import Campaign
    from members.newsletters.models import Newsletter

    connections = [
        (Article, _article_changed),
        (ArticleAuthor, _article_part_changed),
        (ArticleAudio, _article_part_changed),
        (Author, _author_changed),
        (EditorsPick, _pick_changed),
        (Brief, _brief_changed),
        (Section, _taxonomy_changed),
        # Tag names show on article pages and every list's tag links.
        (Tag, _taxonomy_changed),
        (TagName, _taxonomy_changed),
        (Campaign, _everywhere),
        (Newsletter, _everywhere),
    ]
    for model, receiver in connections:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"http_cache.{model._meta.label_lower}.{signal is post_save}",
            )
    m2m_changed.connect(
        _related_changed,
        sender=Article.related_articles.through,
        dispatch_uid="http_cache.article.related",
    )
