# ruff: noqa: S603 (runs our own commands: manage.py, gunicorn, the pinned Lighthouse)
"""Lighthouse scores of the reader pages, on a production-like site (`make audit`).

Builds a throwaway site the way production runs it (DEBUG=false, collectstatic with
WhiteNoise's compressed manifest storage, gunicorn) on SQLite with the demo outlet
(settings: scripts/audit/audit_settings.py),
then runs Lighthouse (pinned in scripts/audit/package-lock.json) with Debian's
Chromium, offline, with its default mobile settings (simulated slow 4G and a
4x slower CPU) against each page, and fails unless performance is at least 98
and accessibility, best practices and SEO are 100.

Scores vary from run to run (Lighthouse's own advice is to take the median of
several runs): a page below target is run twice more and judged by the median of
its three runs. Reports are written to lighthouse-reports/<page>.report.html (and
.json) for the last run of each page.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "scripts" / "audit"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "lighthouse-reports"
MINIMUM = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = {
    "home": "/",
    "article": None,  # the newest article, found on the home page
    "campaign": "/campaign/",
    "membership": "/membership/",
    "gift": "/gift/",
    "newsletters": "/newsletters/",
}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our own server)
        return response.read().decode()


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            sys.exit("The site did not start (gunicorn exited).")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The site did not answer at {url}.")


def lighthouse(name: str, url: str) -> dict[str, int]:
    # Lighthouse sometimes fails to record a trace on a busy machine (NO_NAVSTART,
    # NO_FCP): such a run says nothing about the page, so it is tried again.
    for _attempt in range(3):
        if lighthouse_run(name, url) == 0:
            return lighthouse_scores(name)
    sys.exit(f"Lighthouse failed three times on {url}.")


def lighthouse_run(name: str, url: str) -> int:
    output = REPORTS / name
    process = subprocess.Popen(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            "--output=html",
            f"--output-path={output}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    try:
        return process.wait()
    except BaseException:
        # Interrupted: Lighthouse closes the Chromium it started on SIGINT (not SIGTERM).
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        raise


def lighthouse_scores(name: str) -> dict:
    report = json.loads((REPORTS / f"{name}.report.json").read_text())
    scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
    scores["_failing"] = [
        f"{audit['id']} ({audit['score']})"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores


def median_scores(name: str, url: str) -> dict:
    first = lighthouse(name, url)
    if all(first[key] >= minimum for key, minimum in MINIMUM.items()):
        return first
    runs = [first, lighthouse(name, url), lighthouse(name, url)]
    median = {key: sorted(run[key] for run in runs)[1] for key in MINIMUM}
    return {**median, "_failing": runs[-1]["_failing"], "_runs": runs}


def main() -> int:
    # Ctrl-C or a CI timeout still stops the server in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make audit` (it runs npm ci first).")
    port = int(os.environ.get("AUDIT_PORT") or free_port())
    site = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-audit-"))
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "lighthouse-audit-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": site,
        "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        # Plain HTTP on the loopback: nothing to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ARTICLE_AUDIO": "false",
        "SERVE_MEDIA": "true",
        # Production refuses to start without Stripe keys. Reading pages never calls
        # Stripe; should anything try, it gets a closed local port, not the internet.
        "STRIPE_SECRET_KEY": "sk_test_lighthouse_audit_never_used",
        "STRIPE_WEBHOOK_SECRET": "whsec_lighthouse_audit_never_used",
        "STRIPE_API_BASE": "http://127.0.0.1:9",
        # Background work (the demo's picture renditions) done at once, as the
        # production worker would have done it before readers arrive.
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "audit_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    }
    python = sys.executable

    def manage(*args: str) -> None:
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True)

    try:
        return audit_site(manage, python, env, site, port)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def audit_site(manage, python: str, env: dict, site: str, port: int) -> int:
    manage("migrate", "--no-input", "-v", "0")
    manage("load_demo", "--allow-production")  # a throwaway site: see newsroom.demo_accounts
    manage("collectstatic", "--no-input", "--clear", "-v", "0")
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(f"{site}/healthz", server)
        home = get(f"{site}/")
        PAGES["article"] = re.search(r'href="(/articles/[^"/]+/)"', home).group(1)
        for path in PAGES.values():
            # The first view of a page makes its picture renditions; readers after
            # the first never wait for that, so neither does the audit.
            get(f"{site}{path}")
        if REPORTS.exists():
            shutil.rmtree(REPORTS)
        REPORTS.mkdir()
        results = {name: median_scores(name, f"{site}{path}") for name, path in PAGES.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    failed = False
    print(f"\n{'page':<12}" + "".join(f"{key:>16}" for key in MINIMUM))
    for name, scores in results.items():
        print(f"{name:<12}" + "".join(f"{scores[key]:>16}" for key in MINIMUM))
        if "_runs" in scores:
            runs = [[run[key] for key in MINIMUM] for run in scores["_runs"]]
            print(f"  (median of 3 runs: {runs})")
        low = [key for key, minimum in MINIMUM.items() if scores[key] < minimum]
        if low:
            failed = True
            print(f"  {name}: below target in {', '.join(low)}; audits: {scores['_failing']}")
    print(f"\nReports: {REPORTS}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
