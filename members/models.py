from .newsletters.models import *  # noqa: F403 - each subpackage's models, one line each
