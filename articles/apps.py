from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Editorial content: articles, authors, sections, images, briefs, picks, audio."""

    name = "articles"
    verbose_name = "Editorial"
