"""Build the POST data of the admin's article form, as a browser would send it."""

from django.utils import timezone


def article_form_data(*, section, authors=(), status="draft", publish_at=None, **fields) -> dict:
    data = {
        "headline": "A headline",
        "slug": "a-headline",
        "standfirst": "",
        "body": "<p>Body.</p>",
        "section": section.pk,
        "tags": "",
        "status": status,
        "publish_at_0": "",
        "publish_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "correction": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "article_authors-TOTAL_FORMS": str(len(authors)),
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
        # The audio inline (articles.audio), left as the admin renders it for a new article.
        "audio-TOTAL_FORMS": "0",
        "audio-INITIAL_FORMS": "0",
        "audio-MIN_NUM_FORMS": "0",
        "audio-MAX_NUM_FORMS": "1",
    }
    if publish_at is not None:
        local = timezone.localtime(publish_at)
        data["publish_at_0"] = local.strftime("%Y-%m-%d")
        data["publish_at_1"] = local.strftime("%H:%M:%S")
    for index, author in enumerate(authors):
        data[f"article_authors-{index}-author"] = author.pk
        data[f"article_authors-{index}-position"] = index
    data.update(fields)
    return data


def existing_article_form_data(article, **fields) -> dict:
    """The change form of `article` as the admin renders it, with `fields` changed."""
    links = list(article.article_authors.all())
    data = article_form_data(
        section=article.section,
        status=article.status,
        publish_at=article.publish_at,
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        tags=", ".join(tag.name for tag in article.tags.all()),
        correction=article.correction,
    )
    data["article_authors-TOTAL_FORMS"] = str(len(links))
    data["article_authors-INITIAL_FORMS"] = str(len(links))
    for index, link in enumerate(links):
        data[f"article_authors-{index}-id"] = link.pk
        data[f"article_authors-{index}-article"] = article.pk
        data[f"article_authors-{index}-author"] = link.author_id
        data[f"article_authors-{index}-position"] = link.position
    data.update(fields)
    return data
