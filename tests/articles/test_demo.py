import io

from articles import demo
from articles.models import Article, Author, Brief, EditorsPick, Section


def test_demo_content_is_a_dozen_published_articles_with_pictures(db):
    demo.load(stdout=io.StringIO())
    published = Article.objects.published()
    # Twelve written for the demo, one moved in from the sample WordPress export; the
    # Ukrainian edition's are tested in tests/i18n/test_demo_edition.py.
    assert published.in_edition("en").count() == 13
    assert all(article.lead_image for article in published)
    assert all(article.lead_image_alt for article in published)
    assert Author.objects.filter(role="Columnist").exists()
    assert Author.objects.count() >= 4
    assert Section.objects.count() >= 4
    assert Brief.objects.count() >= 8
    assert EditorsPick.objects.count() >= 3
    # One draft and one scheduled article show the workflow.
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Article.objects.filter(status=Article.Status.SCHEDULED).count() == 1
