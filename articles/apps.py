from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    """Editorial content: articles, authors, sections, images, briefs, picks, audio."""

    name = "articles"
    verbose_name = "Editorial"

    def ready(self) -> None:
        from .roles import roles_ensure

        post_migrate.connect(roles_ensure, sender=self, dispatch_uid="articles.roles_ensure")
