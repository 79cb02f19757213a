from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Project-wide code: the user model, accounts glue, site frame, demo content."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
        from .http_cache.invalidation import receivers_connect

        receivers_connect()
