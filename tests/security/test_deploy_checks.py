"""`check --deploy` in production is clean only when the cache and proxy are set."""

import subprocess
import sys

import pytest

from tests.newsroom.test_settings import PRODUCTION_ENV, ROOT, subprocess_env


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=subprocess_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("missing", "error"),
    [("CACHE_URL", "django_ratelimit.E003"), ("TRUSTED_PROXY_COUNT", "newsroom.E001")],
)
def test_production_without_a_shared_cache_or_proxy_count_fails_the_deploy_check(missing, error):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = deploy_check(**env)

    assert result.returncode != 0
    assert error in result.stdout + result.stderr


def test_no_proxy_in_front_is_a_valid_answer():
    result = deploy_check(**{**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "0"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_keeps_the_in_process_cache_without_complaint():
    result = deploy_check(DEBUG="true")
    assert "django_ratelimit.E003" not in result.stdout + result.stderr
