import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from articles.narration import (
    DEFAULT_ENGINE,
    NarrationConfigurationError,
    NarrationError,
    get_engine,
    narrate,
)
from articles.narration.piper_engine import PiperEngine
from articles.narration.tone_engine import ToneTestEngine

TONE_ENGINE = "articles.narration.tone_engine.ToneTestEngine"


class NotAnEngine:
    pass


def test_the_default_engine_is_the_bundled_piper_voice():
    assert DEFAULT_ENGINE == "articles.narration.piper_engine.PiperEngine"
    with override_settings():
        del settings.NARRATION_ENGINE  # whatever the project sets, test the default
        assert isinstance(get_engine(), PiperEngine)


@override_settings(NARRATION_ENGINE=TONE_ENGINE)
def test_the_engine_is_chosen_by_the_dotted_path_in_settings():
    assert isinstance(get_engine(), ToneTestEngine)


@override_settings(NARRATION_ENGINE=TONE_ENGINE)
def test_the_engine_is_made_once_and_reused():
    assert get_engine() is get_engine()


@override_settings(NARRATION_ENGINE=TONE_ENGINE)
def test_narrate_uses_the_engine_from_settings():
    audio = narrate(headline="One two three", byline="", body_html="<p>four five</p>")

    # ToneTestEngine speaks 0.3 s per word.
    assert audio.duration_seconds == pytest.approx(5 * 0.3)


def test_changing_the_setting_switches_the_engine():
    with override_settings(NARRATION_ENGINE=TONE_ENGINE):
        tone = get_engine()
    with override_settings(NARRATION_ENGINE=DEFAULT_ENGINE):
        assert get_engine() is not tone


@override_settings(NARRATION_ENGINE="articles.narration.no_such_module.Engine")
def test_an_engine_path_that_cannot_be_imported_is_a_configuration_error():
    with pytest.raises(NarrationConfigurationError, match="cannot be imported"):
        get_engine()


@override_settings(NARRATION_ENGINE=f"{__name__}.NotAnEngine")
def test_an_object_without_synthesize_is_rejected_as_an_engine():
    with pytest.raises(NarrationConfigurationError, match="no synthesize"):
        get_engine()


def test_a_configuration_error_is_also_a_narration_error_and_improperly_configured():
    assert issubclass(NarrationConfigurationError, NarrationError)
    assert issubclass(NarrationConfigurationError, ImproperlyConfigured)


def test_importing_the_package_reads_no_settings_and_loads_no_model():
    # A fresh interpreter with no settings at all: importing must neither touch
    # settings (which would raise) nor import the heavy speech stack.
    code = (
        "import sys\n"
        "import articles.narration\n"
        "import articles.narration.piper_engine\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
        "heavy = {'piper', 'onnxruntime', 'numpy'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],  # the project root
        env={"PATH": ""},
        check=False,
    )

    assert result.returncode == 0, result.stderr
