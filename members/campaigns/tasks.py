from django.tasks import task

from . import services


@task
def supporter_figures_refresh_task() -> int:
    """Recount the active supporters in the background (queued by the progress page)."""
    return services.supporter_figures_refresh().supporters
