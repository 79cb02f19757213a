"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
    "STRIPE_SECRET_KEY": "sk_test_from_environment",
    "STRIPE_WEBHOOK_SECRET": "whsec_from_environment",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
}


# The test process's own settings must not leak into the interpreter under test.
LEAKY_VARIABLES = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def subprocess_env(**env: str) -> dict[str, str]:
    clean_env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    return {**clean_env, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=subprocess_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(*names: str, **env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults_to_sqlite_tuned_for_a_web_server():
    database = read_settings("DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] == 20


def test_database_url_selects_postgresql():
    database = read_settings(
        "DATABASES", DATABASE_URL="postgres://newsroom:s3cret@db.internal:5433/news"
    )["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "news")
    assert (database["USER"], database["PASSWORD"]) == ("newsroom", "s3cret")


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("key-from-a-file\n")
    production = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    values = read_settings("SECRET_KEY", **production, SECRET_KEY_FILE=str(secret_file))
    assert values["SECRET_KEY"] == "key-from-a-file"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("from django.conf import settings; settings.SECRET_KEY", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STRIPE_SECRET_KEY", ""),
        ("STRIPE_SECRET_KEY", "sk_test_newsroom_offline"),
        ("STRIPE_WEBHOOK_SECRET", ""),
        ("STRIPE_WEBHOOK_SECRET", "   "),
        ("STRIPE_WEBHOOK_SECRET", "whsec_newsroom_offline"),
    ],
)
def test_production_refuses_to_start_without_real_stripe_keys(variable, value):
    # Failing closed: never a silent switch to the offline fake, never webhooks
    # verified with an empty or published secret.
    result = run_python(
        "from django.conf import settings; settings.STRIPE_SECRET_KEY",
        **{**PRODUCTION_ENV, variable: value},
    )
    assert result.returncode != 0
    assert variable in result.stderr


def test_development_uses_the_fake_only_without_a_key_of_its_own():
    values = read_settings(
        "STRIPE_OFFLINE", "STRIPE_API_BASE", STRIPE_SECRET_KEY="sk_test_mine", STRIPE_API_BASE=""
    )
    assert values == {"STRIPE_OFFLINE": False, "STRIPE_API_BASE": ""}


def test_production_uses_smtp_and_real_stripe():
    values = read_settings(
        "DEBUG", "MAILERS", "STRIPE_OFFLINE", "STRIPE_SECRET_KEY", **PRODUCTION_ENV
    )
    assert values["DEBUG"] is False
    assert values["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["STRIPE_OFFLINE"] is False
    assert values["STRIPE_SECRET_KEY"] == "sk_test_from_environment"


def test_development_without_stripe_key_uses_the_offline_fake():
    values = read_settings("STRIPE_OFFLINE", "STRIPE_API_BASE", FAKE_STRIPE_PORT="12999")
    assert values == {"STRIPE_OFFLINE": True, "STRIPE_API_BASE": "http://127.0.0.1:12999"}


def test_deploy_checks_pass_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=subprocess_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
