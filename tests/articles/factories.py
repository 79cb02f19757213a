import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleAuthor, Author, Brief, EditorsPick, Section


def jpeg_bytes(width: int = 1600, height: int = 900, colour=(40, 90, 160)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(output, format="JPEG")
    return output.getvalue()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about the city."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article (an hour old) by one author. Pass `authors=[...]` for others,
    `tags=[...]` for tags, `lead_image=True` for a generated picture."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "A sentence that sums it up."
    body = "<p>First paragraph.</p><p>Second paragraph.</p><p>Third.</p><p>Fourth.</p>"
    section = factory.SubFactory(SectionFactory, name="News", slug="news")
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(
            extracted if extracted is not None else [AuthorFactory()]
        ):
            ArticleAuthor.objects.create(article=article, author=author, position=position)

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if create and extracted:
            article.tags.add(*extracted)

    @factory.post_generation
    def lead_image(article, create, extracted, **kwargs):
        if create and extracted:
            article.lead_image.save("picture.jpg", ContentFile(jpeg_bytes()), save=True)


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brief

    headline = factory.Sequence(lambda n: f"Brief number {n}")
    text = "Something happened, briefly."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))


class EditorsPickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditorsPick

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
