"""`make prod-smoke`: the production topology under concurrency, with its figures.

Starts PostgreSQL (a throwaway cluster, or DATABASE_URL's server with a database of
its own), Redis, two web processes (gunicorn) on two ports behind the nginx front
cache, two task workers, the periodic process, an SMTP sink that records every
Message-ID and the offline fake Stripe. Then, printing each figure:

1. the same 50 signed Stripe events, each sent twice at once to both web processes;
2. one gift code redeemed from both web processes at once, 20 times over;
3. a reader rate-limited on one web process is limited on the other, and a new
   member shows on the banner served by the other process;
4. a newsletter issue sent to --subscribers subscribers (100,000 by default) by
   both workers, one of them killed with SIGKILL halfway;
5. the front cache serving pages while every web process is down, and recovering.

Exits non-zero at the first figure that is wrong. Ports are picked free at start.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

from topology import (
    LOCAL_STRIPE_WEBHOOK_SECRET,
    ROOT,
    Ports,
    Postgres,
    Redis,
    django_environment,
    engines_check,
    fake_stripe_environment,
    metrics_dir_reset,
    nginx_render,
    wait_for_port,
)

STATE = ROOT / ".prod-smoke"
WEBHOOK_SECRET = LOCAL_STRIPE_WEBHOOK_SECRET
EVENTS = 50
GIFT_ROUNDS = 20
BANNER_DEADLINE = 10.0
MEMORY_LIMIT_MB = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmokeFailed(SystemExit):
    pass


def figure(label: str, value, *, ok: bool = True) -> None:
    print(f"  {'ok ' if ok else 'BAD'} {label}: {value}", flush=True)
    if not ok:
        raise SmokeFailed(f"prod-smoke failed: {label} = {value}")


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


class Topology:
    """The processes, started and stopped one by one (the smoke kills some on purpose)."""

    def __init__(self, env: dict, ports: Ports, nginx):
        self.env = env
        self.ports = ports
        self.nginx = nginx
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs = STATE / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, argv: list[str], *, port: int | None = None) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if port:
            wait_for_port(port, timeout=90, process=self.processes[name])

    def start_web(self, index: int) -> None:
        port = self.ports.web[index]
        self.start(
            f"web{index + 1}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
                "--graceful-timeout",
                "3",
            ],
            port=port,
        )

    def start_worker(self, name: str) -> None:
        self.start(
            name,
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--worker-id",
                f"smoke-{name}-{secrets.token_hex(4)}",
            ],
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


# -- helpers that talk to the site like a browser or Stripe would ------------------------------


def signed(payload: bytes) -> str:
    timestamp = int(time.time())
    digest = hmac.new(
        WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_in(user) -> requests.Session:
    """A browser session for `user`: sessions live in Redis, so it is valid on every
    web process. CSRF: a cookie secret and the same secret in the form."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cache import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    session = requests.Session()
    session.csrf = secrets.token_hex(16)  # 32 characters, Django's CSRF secret length
    session.cookies.set(settings.SESSION_COOKIE_NAME, store.session_key)
    session.cookies.set(settings.CSRF_COOKIE_NAME, session.csrf)
    return session


def banner_count(url: str) -> int | None:
    page = requests.get(url, timeout=10).text
    found = re.search(r"campaign-banner__count.*?<strong>([\d,]+)</strong>", page, re.S)
    return int(found.group(1).replace(",", "")) if found else None


# -- the scenarios ------------------------------------------------------------------------------


def stripe_events_twice(top: Topology, web: list[str]) -> None:
    from members.billing.models import StripeEvent
    from members.campaigns.models import Campaign, CampaignCounter
    from members.memberships.joining import membership_checkout_create
    from members.memberships.models import Membership, MembershipStart, PlanPrice
    from newsroom.models import User

    section(f"{EVENTS} signed Stripe events, each sent twice at once to both web processes")
    campaign = Campaign.objects.get(featured=True)
    before = CampaignCounter.objects.get(campaign=campaign).members
    price = PlanPrice.objects.filter(active=True).order_by("amount").first()
    fake = f"http://127.0.0.1:{top.ports.stripe}/_fake"
    for number in range(EVENTS):
        user = User.objects.create_user(f"member{number}@smoke.example", None)
        started = membership_checkout_create(
            price=price,
            amount=price.amount,
            user=user,
            email=user.email,
            attempt=f"smoke-{number}",
            success_url=web[0] + "/",
            cancel_url=web[0] + "/",
        )
        requests.post(f"{fake}/checkout/sessions/{started.session_id}/pay", timeout=30)
    events = requests.get(
        f"{fake}/events", params={"pending": "1", "type": "checkout.session.completed"}, timeout=30
    ).json()["data"]
    figure(
        "checkout.session.completed events from the fake Stripe",
        len(events),
        ok=len(events) == EVENTS,
    )

    def post(event: dict, url: str) -> int:
        body = json.dumps(event).encode()
        return requests.post(
            url + "/stripe/webhook/",
            data=body,
            timeout=60,
            headers={"Content-Type": "application/json", "Stripe-Signature": signed(body)},
        ).status_code

    deliveries = []
    for index, event in enumerate(events):
        first, second = (web[0], web[1]) if index % 2 == 0 else (web[1], web[0])
        deliveries += [(event, first), (event, second)]
    started_at = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        statuses = Counter(pool.map(lambda pair: post(*pair), deliveries))
    figure(
        "deliveries (2 per event)", f"{len(deliveries)} in {time.monotonic() - started_at:.1f} s"
    )
    figure("HTTP statuses", dict(statuses), ok=set(statuses) == {200})
    records = StripeEvent.objects.filter(stripe_event_id__in=[e["id"] for e in events])
    figure("events recorded", records.count(), ok=records.count() == EVENTS)
    processed_once = records.filter(status=StripeEvent.Status.PROCESSED, attempts=1).count()
    figure("events processed exactly once", processed_once, ok=processed_once == EVENTS)
    members = Membership.objects.filter(user__email__endswith="@smoke.example").count()
    figure("memberships created", members, ok=members == EVENTS)
    starts = MembershipStart.objects.filter(membership__user__email__endswith="@smoke.example")
    figure("membership starts", starts.count(), ok=starts.count() == EVENTS)
    after = CampaignCounter.objects.get(campaign=campaign).members
    figure(
        "campaign counter", f"{before} -> {after} (+{after - before})", ok=after - before == EVENTS
    )


def gift_redeemed_from_both(top: Topology, web: list[str]) -> None:
    from members.gifts.models import Gift
    from newsroom.models import User
    from tests.members.gifts.factories import GiftFactory

    section(f"One gift code redeemed from both web processes at once, {GIFT_ROUNDS} times")
    outcomes = Counter()
    for round_number in range(GIFT_ROUNDS):
        gift = GiftFactory(recipient_email=f"friend{round_number}@smoke.example")
        readers = [
            User.objects.create_user(f"reader{round_number}-{side}@smoke.example", None)
            for side in (0, 1)
        ]
        sessions = [signed_in(reader) for reader in readers]

        def redeem(side: int, gift=gift, sessions=sessions) -> str:
            response = sessions[side].post(
                f"{web[side]}/gift/redeem/{gift.code}/",
                data={"csrfmiddlewaretoken": sessions[side].csrf},
                allow_redirects=False,
                timeout=60,
            )
            if response.status_code == 302 and "/account" in response.headers["Location"]:
                return "redeemed"
            return f"refused ({response.status_code})"

        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(redeem, (0, 1)))
        outcomes.update(results)
        gift.refresh_from_db()
        if results.count("redeemed") != 1 or gift.status != Gift.Status.REDEEMED:
            figure(f"round {round_number + 1}", f"{results}, gift {gift.status}", ok=False)
    figure("outcomes over all rounds", dict(outcomes), ok=outcomes["redeemed"] == GIFT_ROUNDS)
    redeemed = Gift.objects.filter(
        recipient_email__endswith="@smoke.example", status=Gift.Status.REDEEMED
    ).exclude(redeemed_by=None)
    figure("gifts redeemed exactly once", redeemed.count(), ok=redeemed.count() == GIFT_ROUNDS)


def rate_limit_and_banner_shared(top: Topology, web: list[str]) -> None:
    from members.gifts.views import REDEEM_RATE
    from newsroom.models import User

    section("Rate limits and the banner counter, shared through Redis")
    limit = int(REDEEM_RATE.split("/")[0])
    reader = User.objects.create_user("curious@smoke.example", None)
    session = signed_in(reader)
    statuses = []
    for attempt in range(limit + 2):
        url = web[attempt % 2] + f"/gift/redeem/{secrets.token_urlsafe(24)}/"
        statuses.append(session.get(url, timeout=30).status_code)
    allowed = [status for status in statuses if status != 429]
    figure(
        f"gift-code lookups allowed ({REDEEM_RATE}), alternating processes",
        len(allowed),
        ok=len(allowed) == limit and statuses[limit:] == [429, 429],
    )
    over = [f"{statuses[n]} on web{n % 2 + 1}" for n in (limit, limit + 1)]
    figure("the next two lookups, one on each process", ", ".join(over))

    # A new member through web 1 shows on the banner served by web 2.
    from members.memberships.joining import membership_checkout_create
    from members.memberships.models import PlanPrice

    page_a, page_b = banner_count(web[0] + "/"), banner_count(web[1] + "/")
    figure(
        "banner count on web1 / web2",
        f"{page_a} / {page_b}",
        ok=page_a is not None and page_a == page_b,
    )
    user = User.objects.create_user("newest@smoke.example", None)
    price = PlanPrice.objects.filter(active=True).order_by("amount").first()
    started = membership_checkout_create(
        price=price,
        amount=price.amount,
        user=user,
        email=user.email,
        attempt="smoke-newest",
        success_url=web[0] + "/",
        cancel_url=web[0] + "/",
    )
    fake = f"http://127.0.0.1:{top.ports.stripe}/_fake"
    requests.post(f"{fake}/checkout/sessions/{started.session_id}/pay", timeout=30)
    (event,) = [
        e
        for e in requests.get(
            f"{fake}/events",
            params={"pending": "1", "type": "checkout.session.completed"},
            timeout=30,
        ).json()["data"]
        if e["data"]["object"]["id"] == started.session_id
    ]
    body = json.dumps(event).encode()
    requests.post(
        web[0] + "/stripe/webhook/",
        data=body,
        timeout=60,
        headers={"Content-Type": "application/json", "Stripe-Signature": signed(body)},
    ).raise_for_status()
    joined = time.monotonic()
    while (seen := banner_count(web[1] + "/")) != page_a + 1:
        if time.monotonic() - joined > BANNER_DEADLINE + 5:
            break
        time.sleep(0.2)
    waited = time.monotonic() - joined
    figure(
        "new member on web2's banner after joining through web1",
        f"{seen} after {waited:.1f} s",
        ok=seen == page_a + 1 and waited <= BANNER_DEADLINE,
    )


def newsletter_send(top: Topology, subscribers: int) -> None:
    from members.newsletters.models import (
        Newsletter,
        NewsletterDelivery,
        NewsletterIssue,
        NewsletterSubscription,
    )
    from members.newsletters.sending import issue_send_start

    section(f"A newsletter issue to {subscribers:,} subscribers, two workers, one SIGKILLed")
    newsletter = Newsletter.objects.create(name="Smoke daily", slug="smoke-daily")
    started = time.monotonic()
    NewsletterSubscription.objects.bulk_create(
        (
            NewsletterSubscription(
                newsletter=newsletter,
                email=f"subscriber{n}@smoke.example",
                status=NewsletterSubscription.Status.CONFIRMED,
            )
            for n in range(subscribers)
        ),
        batch_size=5000,
    )
    figure("subscribers bulk-created", f"{subscribers:,} in {time.monotonic() - started:.1f} s")
    issue = NewsletterIssue.objects.create(
        newsletter=newsletter, subject="Smoke test issue", body="<p>Hello, reader.</p>"
    )
    sink = STATE / "mail.log"
    lines_before = _lines(sink)
    started = time.monotonic()
    issue_send_start(issue_id=issue.pk)
    peak = {"worker1": 0, "worker2": 0}
    cpu_at_start = {name: _cpu_seconds(top.processes[name].pid) for name in (*peak, "mail")}
    cpu = dict.fromkeys(cpu_at_start, 0.0)
    killed = False
    while True:
        sent = NewsletterDelivery.objects.filter(issue=issue, status="sent").count()
        for name in cpu:
            if name in top.processes:
                cpu[name] = _cpu_seconds(top.processes[name].pid) - cpu_at_start[name]
        for name in list(peak):
            if name in top.processes:
                peak[name] = max(peak[name], _peak_rss_mb(top.processes[name].pid))
        if not killed and sent >= subscribers // 2:
            top.stop("worker1", signal.SIGKILL)
            killed = True
            figure(
                "worker1 killed with SIGKILL",
                f"at {sent:,} sent, {time.monotonic() - started:.0f} s",
            )
        issue.refresh_from_db()
        if issue.status == NewsletterIssue.Status.SENT:
            break
        if time.monotonic() - started > 1800:
            figure("send finished within 30 minutes", sent, ok=False)
        time.sleep(1)
    elapsed = time.monotonic() - started
    time.sleep(0.5)  # the sink writes each line as the message is accepted
    records = sink.read_bytes().splitlines()[lines_before:]
    ids = Counter(line.split(b" ", 1)[0] for line in records)
    recipients = {line.split(b" ", 1)[1] for line in records}
    repeated = sum(count - 1 for count in ids.values() if count > 1)
    deliveries = NewsletterDelivery.objects.filter(issue=issue)
    figure("send time", f"{elapsed:.0f} s ({subscribers / elapsed:,.0f} messages/s)")
    workers_cpu = cpu["worker1"] + cpu["worker2"]
    figure(
        "CPU per message",
        f"workers {1000 * workers_cpu / subscribers:.2f} ms, "
        f"SMTP sink {1000 * cpu['mail'] / subscribers:.2f} ms",
    )
    figure(
        "deliveries marked sent",
        f"{deliveries.filter(status='sent').count():,}",
        ok=deliveries.filter(status="sent").count() == subscribers,
    )
    figure(
        "distinct recipients at the SMTP server",
        f"{len(recipients):,}",
        ok=len(recipients) == subscribers,
    )
    figure("distinct Message-IDs", f"{len(ids):,}", ok=len(ids) == subscribers)
    figure(
        "messages repeated (same Message-ID, the killed worker's in-flight one)",
        repeated,
        ok=repeated <= 1,
    )
    figure(
        "peak worker memory (VmHWM)",
        ", ".join(f"{name} {mb:.0f} MB" for name, mb in peak.items()),
        ok=max(peak.values()) < MEMORY_LIMIT_MB,
    )


def _lines(path: Path) -> int:
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a worker (`manage.py db_worker` is the process itself)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def front_cache_survives(top: Topology) -> None:
    section("The front cache while every web process is down")
    if not (ROOT / "deploy" / "nginx" / "render.py").exists():
        # The minimal stand-in cache (scripts/topology.py) keeps only pages Django
        # marks cacheable, and without the shipped recipe's headers there are none.
        print("  skipped: this checkout has no front-cache recipe (deploy/nginx/)", flush=True)
        return
    site = f"http://127.0.0.1:{top.ports.site}"
    paths = ["/", "/latest/"]
    for path in paths:
        # Warm the cache: a page's first rendering on a cold, busy machine can be slow.
        for _ in range(5):
            if requests.get(site + path, timeout=120).status_code == 200:
                break
    for index in range(len(top.ports.web)):
        top.stop(f"web{index + 1}")
    time.sleep(11)  # past the pages' freshness: only stale copies remain
    served = {}
    for path in paths:
        response = requests.get(site + path, timeout=30)
        served[path] = f"{response.status_code} {response.headers.get('X-Cache', '?')}"
    figure(
        "pages served with no web process (status, X-Cache)",
        served,
        ok=all(value.startswith("200") for value in served.values()),
    )
    for index in range(len(top.ports.web)):
        top.start_web(index)
    # Freshly started web processes answer their first requests slowly on a busy
    # machine: keep asking (through the front cache) for up to two minutes.
    deadline = time.monotonic() + 120
    response = None
    while time.monotonic() < deadline:
        try:
            response = requests.get(site + "/healthz", timeout=60)
        except requests.RequestException:
            continue
        if response.status_code == 200:
            break
        time.sleep(0.5)
    figure(
        "health through the front cache after the restart",
        f"{response.status_code} {response.json()}" if response is not None else "no answer",
        ok=response is not None and response.status_code == 200,
    )


SCENARIOS = {
    "stripe-events": lambda top, web, options: stripe_events_twice(top, web),
    "gift-race": lambda top, web, options: gift_redeemed_from_both(top, web),
    "shared-state": lambda top, web, options: rate_limit_and_banner_shared(top, web),
    "newsletter": lambda top, web, options: newsletter_send(top, options.subscribers),
    "front-cache": lambda top, web, options: front_cache_survives(top),
}


# -- the run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument(
        "--only",
        choices=list(SCENARIOS),
        action="append",
        help="run only these scenarios (repeatable; default: all)",
    )
    options = parser.parse_args()
    external_database = os.environ.get("DATABASE_URL", "")
    engines_check(need_postgres=not external_database)
    shutil.rmtree(STATE, ignore_errors=True)
    STATE.mkdir(parents=True)
    ports = Ports(
        site=free_port(),
        web=[free_port(), free_port()],
        postgres=free_port(),
        redis=free_port(),
        smtp=free_port(),
        stripe=free_port(),
    )
    postgres = None if external_database else Postgres(STATE, ports.postgres)
    redis = Redis(STATE, ports.redis)
    top = None
    began = time.monotonic()
    try:
        database_url = external_database or postgres.start()
        if external_database:
            database_url = _own_database(external_database)
        env = {
            **os.environ,
            **django_environment(
                state=STATE, ports=ports, database_url=database_url, cache_url=redis.start()
            ),
            # Short leases, so the killed worker's batch and task come back in seconds.
            "NEWSLETTER_CLAIM_LEASE_SECONDS": "15",
            "TASK_RUNNING_LEASE_SECONDS": "30",
            "NEWSLETTER_SEND_BATCH_SIZE": "200",
            "ARTICLE_AUDIO": "false",  # narration would compete for the CPU
            "LOG_LEVEL": "WARNING",
            # The smoke run always pays through the fake Stripe it starts.
            **fake_stripe_environment(ports),
        }
        os.environ.update(env)
        metrics_dir_reset(STATE)
        print(f"Database {database_url}, Redis {env['CACHE_URL']}", flush=True)
        for command in (
            ["migrate", "--no-input", "-v", "0"],
            ["collectstatic", "--no-input", "-v", "0"],
        ):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
            )
        import django

        django.setup()
        # The members' demo only (plans, gift prices, the featured campaign, a
        # newsletter): the articles' pictures would keep the workers busy.
        from members import demo

        with open(os.devnull, "w") as devnull:
            demo.load(stdout=devnull)
        nginx = nginx_render(state=STATE, ports=ports)
        top = Topology(env, ports, nginx)
        top.start(
            "mail",
            [
                sys.executable,
                "scripts/smtp_sink.py",
                "--port",
                str(ports.smtp),
                "--log",
                str(STATE / "mail.log"),
            ],
            port=ports.smtp,
        )
        top.start(
            "stripe",
            [
                sys.executable,
                "-m",
                "tests.fake_stripe",
                "--port",
                str(ports.stripe),
                "--quiet",
                "--webhook-secret",
                WEBHOOK_SECRET,
            ],
            port=ports.stripe,
        )
        for index in range(2):
            top.start_web(index)
        top.start_worker("worker1")
        top.start_worker("worker2")
        top.start("periodic", [sys.executable, "manage.py", "run_periodic"])
        top.start(
            "front",
            [
                nginx.binary,
                "-p",
                str(nginx.prefix),
                "-c",
                "nginx.conf",
                "-e",
                "stderr",
                "-g",
                "daemon off;",
            ],
            port=ports.site,
        )
        web = [f"http://127.0.0.1:{port}" for port in ports.web]
        print(
            f"Topology up in {time.monotonic() - began:.0f} s: front {ports.site}, "
            f"web {ports.web}, 2 workers, periodic",
            flush=True,
        )

        for name, scenario in SCENARIOS.items():
            if not options.only or name in options.only:
                scenario(top, web, options)
        print(f"\nprod-smoke passed in {time.monotonic() - began:.0f} s.", flush=True)
    finally:
        # A second Ctrl-C (uv run forwards it) must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if top:
            top.stop_all()
        redis.stop()
        if postgres:
            postgres.stop()
        from django.db import connections

        connections.close_all()
        if external_database:
            _drop_own_database(external_database)


def _own_database(url: str) -> str:
    """With DATABASE_URL given, a fresh database beside it, so nothing is touched."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS newsroom_prod_smoke WITH (FORCE)")
        connection.execute("CREATE DATABASE newsroom_prod_smoke")
    return base + "/newsroom_prod_smoke"


def _drop_own_database(url: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS newsroom_prod_smoke WITH (FORCE)")


if __name__ == "__main__":
    main()
