from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Editorial content: articles, authors, sections, images, briefs, picks, audio."""

    name = "articles"
    verbose_name = _("Editorial")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .roles import roles_ensure
        from .search import register_sqlite_casefold

        # Before any connection opens: SQLite search calls the function on each one.
        connection_created.connect(register_sqlite_casefold, dispatch_uid="articles.casefold")

        post_migrate.connect(roles_ensure, sender=self, dispatch_uid="articles.roles_ensure")
