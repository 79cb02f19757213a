"""`make bench`, part two: a traffic spike against the production stack, measured with wrk.

    make bench                                   # everything, about 15 minutes
    BENCH_SECONDS=5 BENCH_ROUNDS=1 BENCH_ARTICLES=1000 BENCH_MEMBERS=1000 \\
        .venv/bin/python -m benchmarks.traffic_spike   # a quick look

It fills a fresh SQLite database (or BENCH_DATABASE_URL) with the demo outlet,
100,000 articles and 1,000,000 members, then starts Redis, the site on gunicorn
with production settings (2 workers; once with Django's page cache, once without)
and the shipped nginx front cache, plus Wagtail's bakerydemo blog page (issue 13's
yardstick; benchmarks/bakerydemo, in a throwaway venv) on gunicorn with the same
settings, all on free ports, and runs every scenario in
turn, BENCH_ROUNDS times interleaved, so that the ratios compare figures taken under
the same load on the machine. wrk (Debian's) generates the load: 64 connections
through nginx, 8 straight to gunicorn (see DJANGO_CONNECTIONS).

Reported per scenario: requests per second (median of rounds), server CPU per
request (the serving processes' CPU time over the requests answered), p50 and p99
latency, errors (socket errors and non-2xx), and queries per page (counted in
process, with Django's page cache off and the small caches and kept parts warm, and
again with nothing kept). Then the ratios
the targets are stated in, a 60-second run at 64 connections through the front
cache, and a publish followed by a request through the front cache.
"""

import contextlib
import json
import os
import re
import runpy
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from deploy.nginx.render import NGINX, FrontCache

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SPIKE_SECONDS = int(os.environ.get("BENCH_SPIKE_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
# Straight to gunicorn's 2 workers (4 threads each), 64 connections would only measure
# the queue (and leave a backlog that the next scenario pays for); 8 keeps both busy.
DJANGO_CONNECTIONS = int(os.environ.get("BENCH_DJANGO_CONNECTIONS", "8"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "1000000"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Issue 13's yardstick: Wagtail's bakerydemo blog page, served by the same gunicorn
# with the same settings, installed into a throwaway venv at bench time.
WAGTAIL_VERSION = "7.4.4"
BAKERYDEMO = Path(__file__).resolve().parent / "bakerydemo"
# The web process's settings (`make prod`): threaded workers with keep-alive.
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tools_ensure() -> None:
    """wrk, nginx (with Brotli) and Redis from Debian, installed when missing and root."""
    wanted = {
        "wrk": shutil.which("wrk"),
        "nginx": NGINX,
        "libnginx-mod-http-brotli-filter": Path(
            "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"
        ).exists(),
        "redis-server": shutil.which("redis-server"),
    }
    missing = [package for package, found in wanted.items() if not found]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"make bench needs: apt-get install {' '.join(missing)}")
    say(f"Installing {', '.join(missing)} (apt)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", *missing],  # noqa: S607
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def process_tree_cpu(root_pids: list[int]) -> float:
    """CPU seconds used so far by these processes and all their descendants."""
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total = 0.0
    for pid, seconds in cpu.items():
        ancestor = pid
        while ancestor and ancestor not in root_pids:
            ancestor = parents.get(ancestor, 0)
        if ancestor:
            total += seconds
    return total


@dataclass
class Result:
    requests_per_second: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float


@dataclass
class Scenario:
    name: str
    url: str
    servers: list[int]  # pids whose CPU counts
    close: bool = False  # Connection: close on every request
    connections: int = CONNECTIONS
    queries: int | None = None
    results: list[Result] = field(default_factory=list)

    def run(self, seconds: int) -> Result:
        # A 10 s timeout: an uncached page queued behind 64 connections is slow, not lost.
        command = [
            "wrk",
            "-t2",
            f"-c{self.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            self.url,
        ]
        if self.close:
            command[1:1] = ["-H", "Connection: close"]
        before = process_tree_cpu(self.servers)
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        cpu = process_tree_cpu(self.servers) - before
        result = parse_wrk(output, cpu_seconds=cpu)
        self.results.append(result)
        return result

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(result, attribute) for result in self.results)


def _duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output: str, *, cpu_seconds: float) -> Result:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    return Result(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        requests=requests,
        errors=errors,
        p50_ms=_duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)),
        p99_ms=_duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)),
        cpu_ms_per_request=1000 * cpu_seconds / max(requests, 1),
    )


def manage(python: str, project: Path, env: dict[str, str], *args: str) -> str:
    """Run a Django project's manage.py; its output, or RuntimeError with its stderr."""
    done = subprocess.run(  # noqa: S603
        [python, "manage.py", *args],
        cwd=project,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{project.name} manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def last_json(output: str):
    """The JSON a command printed on its last line (anything before it is chatter)."""
    return json.loads(output.strip().splitlines()[-1])


class Stack:
    """The processes under test, stopped in reverse order whatever happens."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.stack = contextlib.ExitStack()
        self.redis_port, self.nginx_port = free_port(), free_port()
        self.cached_port, self.uncached_port = free_port(), free_port()
        self.secret = secrets.token_urlsafe(24)
        database = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{self.nginx_port}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database,
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "MEDIA_ROOT": str(workdir / "media"),
            "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "ARTICLE_AUDIO": "false",
            # Production settings refuse the offline fake Stripe; no page measured here
            # calls Stripe, so placeholders that reach nothing are enough.
            "STRIPE_SECRET_KEY": "sk_test_bench_never_called",
            "STRIPE_WEBHOOK_SECRET": "whsec_bench_never_called",
            "STRIPE_API_BASE": "http://127.0.0.1:9",
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
            "FRONT_CACHE_PURGER": "newsroom.http_cache.purge.NginxRefreshPurger",
            "FRONT_CACHE_URL": f"http://127.0.0.1:{self.nginx_port}",
            "FRONT_CACHE_PURGE_SECRET": self.secret,
        }

    def manage(self, *args: str, **env: str) -> str:
        return manage(PYTHON, ROOT, {**self.env, **env}, *args)

    def shell(self, script: str, **env: str):
        """Run `script` in `manage.py shell` and read the JSON it prints last."""
        return last_json(self.manage("shell", "-c", script, **env))

    def start(
        self, command: list[str], port: int, cwd: Path = ROOT, **env: str
    ) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=cwd, env={**self.env, **env}, stdout=subprocess.DEVNULL
        )
        self.stack.callback(_stop, process)
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                return process
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start on port {port}")
            time.sleep(0.1)

    def gunicorn(self, port: int, **env: str) -> subprocess.Popen:
        return self.start(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--config",
                str(GUNICORN_CONF),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "600",
            ],
            port,
            **env,
        )

    def close(self) -> None:
        self.stack.close()


class Bakerydemo:
    """Wagtail's bakerydemo blog page (benchmarks/bakerydemo), set up in the bench's workdir.

    A venv of its own with the pinned Wagtail and our gunicorn version, its own SQLite
    database with one blog page (`manage.py bench_content`), served by gunicorn with the
    worker class, threads and keep-alive of deploy/gunicorn.conf.py, as our site is.
    """

    def __init__(self, stack: Stack):
        self.stack = stack
        self.project = stack.workdir / "bakerydemo"
        self.python = stack.workdir / "bakerydemo-venv" / "bin" / "python"
        self.port = free_port()
        self.env = {
            "DJANGO_SETTINGS_MODULE": "bakerydemo.settings",
            "BAKERY_DATABASE": str(stack.workdir / "bakerydemo.sqlite3"),
            "VIRTUAL_ENV": str(self.python.parent.parent),
        }
        self.path = ""
        self.queries: int | None = None

    def install(self) -> None:
        """Raise RuntimeError (with the reason) when the venv cannot be built."""
        uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
        shutil.copytree(BAKERYDEMO, self.project)
        # The project's interpreter itself: uv may not download one (no network).
        base_python = getattr(sys, "_base_executable", PYTHON)
        for command in (
            [uv, "venv", "--quiet", "--python", base_python, str(self.python.parent.parent)],
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(self.python),
                f"wagtail=={WAGTAIL_VERSION}",
                f"gunicorn=={version('gunicorn')}",
            ],
        ):
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:3])} failed: {done.stderr.strip()[-500:]}")

    def manage(self, *args: str) -> str:
        return manage(str(self.python), self.project, {**self.stack.env, **self.env}, *args)

    def prepare(self) -> None:
        self.install()
        self.manage("makemigrations", "base", "blog", "--verbosity", "0")
        self.manage("migrate", "--no-input", "--verbosity", "0")
        self.path = last_json(self.manage("bench_content"))["path"]
        self.queries = last_json(
            self.manage("shell", "-c", BAKERY_QUERIES_SCRIPT % ((json.dumps(self.path),) * 2))
        )

    def gunicorn(self) -> subprocess.Popen:
        conf = runpy.run_path(str(GUNICORN_CONF))  # only settings: its hook imports lazily
        return self.stack.start(
            [
                str(self.python),
                "-m",
                "gunicorn",
                "bakerydemo.wsgi",
                "--worker-class",
                conf["worker_class"],
                "--threads",
                str(conf["threads"]),
                "--keep-alive",
                str(conf["keepalive"]),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "600",
            ],
            self.port,
            cwd=self.project,
            **self.env,
        )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def settle(url: str, *, timeout: float = 300) -> None:
    """Wait until the server answers at once: the previous scenario's queue has drained."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        fetch(url)
        if time.monotonic() - started < 1:
            return


def fetch(url: str) -> str:
    # Long: the first view of an article makes its image renditions (AVIF is slow).
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 - our own servers
        return response.read().decode()


def main() -> None:
    tools_ensure()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    stack = Stack(workdir)
    try:
        run(stack)
    finally:
        stack.close()
        shutil.rmtree(workdir, ignore_errors=True)


def run(stack: Stack) -> None:
    say(f"Redis on {stack.redis_port}")
    redis = stack.start(
        [
            "redis-server",
            "--port",
            str(stack.redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--bind",
            "127.0.0.1",
        ],
        stack.redis_port,
    )
    say("Database: migrate, demo outlet, collectstatic")
    stack.manage("migrate", "--no-input")
    stack.manage("load_demo", "--allow-production")  # a throwaway database
    stack.manage("collectstatic", "--no-input")
    started = time.monotonic()
    stack.manage("articles_generate", "--count", str(ARTICLES))
    articles_seconds = time.monotonic() - started
    started = time.monotonic()
    stack.manage("campaigns_generate_members", "--count", str(MEMBERS))
    members_seconds = time.monotonic() - started
    say(
        f"Generated {ARTICLES:,} articles in {articles_seconds:.0f} s and "
        f"{MEMBERS:,} members in {members_seconds:.0f} s"
    )
    paths = stack.shell(PATHS_SCRIPT)
    queries = stack.shell(QUERIES_SCRIPT % json.dumps(paths), PAGE_CACHE_ENABLED="false")
    # The same pages rendered whole: what a page costs when nothing of it is kept
    # (after a change, or the first reader of an article).
    queries_whole = stack.shell(
        QUERIES_SCRIPT % json.dumps(paths),
        PAGE_CACHE_ENABLED="false",
        FRAGMENT_CACHE_ENABLED="false",
    )
    say(f"Wagtail {WAGTAIL_VERSION} bakerydemo: venv, database, one blog page")
    bakery: Bakerydemo | None = Bakerydemo(stack)
    bakery_skipped = ""
    try:
        bakery.prepare()
    except RuntimeError as error:
        bakery_skipped = str(error).splitlines()[0][:200]
        print(f"    skipped, the comparison is not measured: {error}")
        bakery = None

    say("gunicorn (2 workers) with and without Django's page cache, nginx in front")
    cached = stack.gunicorn(stack.cached_port)
    uncached = stack.gunicorn(stack.uncached_port, PAGE_CACHE_ENABLED="false")
    bakery_server = bakery.gunicorn() if bakery else None
    static_page = stack.workdir / "static-article.html"
    static_page.write_text(fetch(f"http://127.0.0.1:{stack.uncached_port}{paths['article']}"))
    extra = stack.workdir / "bench-locations.conf"
    extra.write_text(f"location = /bench/static-article.html {{ alias {static_page}; }}\n")
    front = FrontCache(
        out_dir=stack.workdir / "nginx",
        listen=f"127.0.0.1:{stack.nginx_port}",
        upstreams=[f"127.0.0.1:{stack.cached_port}"],
        media_root=stack.workdir / "media",
        purge_secret=stack.secret,
        access_log=False,
        workers="2",
        extra_conf=extra,
    )
    stack.stack.enter_context(front.running())
    nginx_pid = int((front.run_dir / "nginx.pid").read_text())

    django_cached = f"http://127.0.0.1:{stack.cached_port}"
    django_uncached = f"http://127.0.0.1:{stack.uncached_port}"
    nginx = f"http://127.0.0.1:{stack.nginx_port}"
    scenarios = [
        Scenario(
            "article, uncached",
            django_uncached + paths["article"],
            [uncached.pid],
            queries=queries["article"],
            connections=DJANGO_CONNECTIONS,
        ),
        *(
            [
                Scenario(
                    "bakerydemo blog page (Wagtail)",
                    f"http://127.0.0.1:{bakery.port}{bakery.path}",
                    [bakery_server.pid],
                    queries=bakery.queries,
                    connections=DJANGO_CONNECTIONS,
                )
            ]
            if bakery
            else []
        ),
        Scenario(
            "article, Django page cache",
            django_cached + paths["article"],
            [cached.pid, redis.pid],
            connections=DJANGO_CONNECTIONS,
        ),
        Scenario(
            "article, nginx front cache",
            nginx + paths["article"],
            [nginx_pid, cached.pid, redis.pid],
            close=True,
        ),
        Scenario(
            "article, nginx static file",
            nginx + "/bench/static-article.html",
            [nginx_pid],
            close=True,
        ),
        Scenario(
            "home, uncached",
            django_uncached + "/",
            [uncached.pid],
            queries=queries["home"],
            connections=DJANGO_CONNECTIONS,
        ),
        Scenario(
            "home, nginx front cache", nginx + "/", [nginx_pid, cached.pid, redis.pid], close=True
        ),
        Scenario(
            "campaign, uncached",
            django_uncached + paths["campaign"],
            [uncached.pid],
            queries=queries["campaign"],
            connections=DJANGO_CONNECTIONS,
        ),
        Scenario(
            "campaign, nginx front cache",
            nginx + paths["campaign"],
            [nginx_pid, cached.pid, redis.pid],
            close=True,
        ),
        Scenario(
            "no-database ceiling (Django)",
            django_uncached + "/bench/ceiling/",
            [uncached.pid],
            queries=queries["ceiling"],
            connections=DJANGO_CONNECTIONS,
        ),
    ]
    for scenario in scenarios:  # warm: renditions, caches, connections
        fetch(scenario.url)
    for round_number in range(1, ROUNDS + 1):
        say(f"Round {round_number} of {ROUNDS} ({SECONDS} s per scenario)")
        for scenario in scenarios:
            settle(scenario.url)
            scenario.run(SECONDS)

    report(scenarios)
    print(
        "queries with nothing kept (FRAGMENT_CACHE_ENABLED=false): "
        + ", ".join(f"{name} {count}" for name, count in queries_whole.items())
    )
    print()
    by_name = {scenario.name: scenario for scenario in scenarios}

    # Keep-alive, as browsers and CDNs connect: closing 60 s of connections at this
    # rate would run the machine out of ephemeral ports rather than test nginx.
    say(f"Spike: {CONNECTIONS} connections for {SPIKE_SECONDS} s through the front cache")
    spike = Scenario(
        "spike", nginx + paths["article"], [nginx_pid, cached.pid, redis.pid], close=False
    )
    spike_result = spike.run(SPIKE_SECONDS)
    print(
        f"    {spike_result.requests:,} requests, {spike_result.requests_per_second:,.0f} req/s, "
        f"p99 {spike_result.p99_ms:.1f} ms, errors {spike_result.errors}"
    )

    say("Publish, then the next request through the front cache")
    before = fetch(nginx + "/")
    headline = f"Breaking: bench publish {secrets.token_hex(4)}"
    stack.manage("shell", "-c", PUBLISH_SCRIPT % json.dumps(headline))
    after = fetch(nginx + "/")
    purge_ok = headline in after and headline not in before
    print(f"    new headline on the home page at once: {'yes' if purge_ok else 'NO'}")

    targets(by_name, spike_result, purge_ok, queries_whole["article"], bakery_skipped)


def report(scenarios: list[Scenario]) -> None:
    print()
    print(
        f"{'scenario':32} {'req/s':>9} {'CPU ms/req':>11} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'queries':>8}"
    )
    for scenario in scenarios:
        queries = "" if scenario.queries is None else str(scenario.queries)
        print(
            f"{scenario.name:32} {scenario.median('requests_per_second'):9.0f} "
            f"{scenario.median('cpu_ms_per_request'):11.2f} {scenario.median('p50_ms'):8.1f} "
            f"{scenario.median('p99_ms'):8.1f} "
            f"{sum(result.errors for result in scenario.results):7d} {queries:>8}"
        )
    print()


def targets(
    by_name: dict[str, Scenario],
    spike: Result,
    purge_ok: bool,
    article_queries_whole: int,
    bakery_skipped: str = "",
) -> None:
    def rps(name: str) -> float:
        return max(by_name[name].median("requests_per_second"), 0.001)

    ceiling = rps("no-database ceiling (Django)")
    rows = [
        (
            "uncached article queries <= 6",
            max(by_name["article, uncached"].queries, article_queries_whole) <= 6,
            f"{by_name['article, uncached'].queries} with its story kept, "
            f"{article_queries_whole} rendered whole",
        ),
        ("uncached article / ceiling", None, f"{rps('article, uncached') / ceiling:.2f}x"),
        (
            "page cache >= ceiling",
            rps("article, Django page cache") >= ceiling,
            f"{rps('article, Django page cache') / ceiling:.2f}x",
        ),
        (
            "front cache >= 1/2 static file",
            rps("article, nginx front cache") >= 0.5 * rps("article, nginx static file"),
            f"{rps('article, nginx front cache') / rps('article, nginx static file'):.2f}x",
        ),
        (
            "front cache / uncached article",
            None,
            f"{rps('article, nginx front cache') / rps('article, uncached'):.0f}x",
        ),
        (
            f"zero errors, {CONNECTIONS} connections, {SPIKE_SECONDS} s",
            spike.errors == 0,
            f"{spike.errors} errors",
        ),
        ("purge after publish shows the new page", purge_ok, "yes" if purge_ok else "no"),
    ]
    if "bakerydemo blog page (Wagtail)" in by_name:
        ours, bakery = rps("article, uncached"), rps("bakerydemo blog page (Wagtail)")
        rows.append(
            (
                "uncached article >= 3x Wagtail bakerydemo",
                ours >= 3 * bakery,
                f"{ours / bakery:.2f}x ({ours:.0f} against {bakery:.0f} req/s)",
            )
        )
    else:
        rows.append(
            ("uncached article >= 3x Wagtail bakerydemo", None, f"not measured: {bakery_skipped}")
        )
    print(f"{'target':44} {'met':>5}  figure")
    for label, met, figure in rows:
        verdict = "-" if met is None else ("yes" if met else "NO")
        print(f"{label:44} {verdict:>5}  {figure}")


PATHS_SCRIPT = """
import json
from articles.models import Article
from members.campaigns.models import Campaign
article = Article.objects.published().exclude(slug__startswith="generated-").exclude(
    lead_image="").order_by("-publish_at").first() or Article.objects.published().first()
campaign = Campaign.objects.featured().first()
print(json.dumps({"article": article.get_absolute_url(),
                  "campaign": f"/campaigns/{campaign.slug}/"}))
"""

QUERIES_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
paths = json.loads(%r)
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, path in [("article", paths["article"]), ("home", "/"),
                   ("campaign", paths["campaign"]), ("ceiling", "/bench/ceiling/")]:
    client.get(path)  # the small caches (sections, banner) warm, as under load
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    counts[name] = len(captured.captured_queries)
print(json.dumps(counts))
"""

BAKERY_QUERIES_SCRIPT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get(%s)  # renditions made, as under load
with CaptureQueriesContext(connection) as captured:
    assert client.get(%s).status_code == 200
print(json.dumps(len(captured.captured_queries)))
"""

PUBLISH_SCRIPT = """
from django.utils import timezone
from articles.models import Article, ArticleAuthor, Author, Section
article = Article.objects.create(
    headline=%s, slug="bench-publish-" + timezone.now().strftime("%%H%%M%%S%%f"),
    section=Section.objects.first(), status=Article.Status.PUBLISHED,
    publish_at=timezone.now(), body="<p>Published during the benchmark.</p>",
)
"""


if __name__ == "__main__":
    main()
