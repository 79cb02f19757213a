import pytest

from articles.narration import clear_engine_cache
from tests.articles.conftest import desk_editor, reporter  # noqa: F401 (personas)
from tests.audio import engines


@pytest.fixture(autouse=True)
def _audio_settings(settings):
    settings.ARTICLE_AUDIO = True
    settings.NARRATION_ENGINE = engines.TONE
    settings.NARRATION_MAX_ATTEMPTS = 3
    engines.FailingEngine.calls = 0
    engines.FlakyEngine.calls = 0
    engines.InterruptedEngine.interruption = None
    clear_engine_cache()
    yield
    clear_engine_cache()
