"""The production topology on one machine: PostgreSQL and Redis under a local folder,
the environment the Django processes run with, and the front cache's configuration.

Used by `make prod` (scripts/prod.py, which runs the processes through honcho and
the Procfile) and `make prod-smoke` (scripts/prod_smoke.py). Engines we need but do
not have are reported with the apt command that installs them.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INSTALL_HINT = "Install them with: sudo apt-get install postgresql redis-server nginx"


class MissingEngine(SystemExit):
    def __init__(self, names: list[str]):
        super().__init__(
            f"Not found: {', '.join(names)}. `make prod` runs production's engines locally.\n"
            f"{INSTALL_HINT}"
        )


def _which(name: str) -> str | None:
    # nginx lives in /usr/sbin, which is not on every user's PATH.
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


def postgres_bin() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for directory in reversed(candidates):
        if Path(directory, "initdb").exists():
            return Path(directory)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def engines_check(*, need_postgres: bool) -> None:
    missing = []
    if need_postgres and postgres_bin() is None:
        missing.append("PostgreSQL (initdb, pg_ctl)")
    if not _which("redis-server"):
        missing.append("redis-server")
    if not _which("nginx"):
        missing.append("nginx")
    if missing:
        raise MissingEngine(missing)


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, *, timeout: float = 30, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@dataclass
class Ports:
    site: int = 8080  # nginx, the address readers use
    web: list[int] = field(default_factory=lambda: [8081])  # gunicorn, one per web process
    postgres: int = 8432
    redis: int = 8379
    smtp: int = 8025
    stripe: int = 12112

    @classmethod
    def from_environment(cls, prefix: str = "PROD_") -> Ports:
        ports = cls()
        for name in ("site", "postgres", "redis", "smtp", "stripe"):
            if value := os.environ.get(f"{prefix}{name.upper()}_PORT"):
                setattr(ports, name, int(value))
        if value := os.environ.get(f"{prefix}WEB_PORTS"):
            ports.web = [int(port) for port in value.split(",")]
        return ports


class Postgres:
    """A cluster in `<state>/postgres`, created on first use; stopped by stop()."""

    def __init__(self, state: Path, port: int):
        self.bin = postgres_bin()
        self.directory = state / "postgres"
        self.port = port
        # PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
        self.run_as = "postgres" if os.geteuid() == 0 else None

    def _run(self, *argv: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=True, **kwargs)  # noqa: S603

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def start(self) -> str:
        data = self.directory / "data"
        if self.run_as:
            try:
                pwd.getpwnam(self.run_as)
            except KeyError:
                subprocess.run(  # noqa: S603
                    ["useradd", "--system", "--no-create-home", self.run_as],  # noqa: S607
                    check=True,
                )
        if not (data / "PG_VERSION").exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.run_as:
                shutil.chown(self.directory, self.run_as)
                _make_traversable(self.directory)
            self._run(
                "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        self._run(
            "pg_ctl", "-D", str(data), "-l", str(self.directory / "log"), "-w", "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c max_connections=200 -c fsync=off -c synchronous_commit=off",
            "start", stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._create_database()
        return self.url

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'newsroom'"
            ).fetchone()
            if not exists:
                connection.execute("CREATE DATABASE newsroom")

    def stop(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.directory / "data"), "-m", "fast", "stop",
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip


def _make_traversable(directory: Path) -> None:
    """Let the postgres user reach a cluster inside root's checkout."""
    for parent in [directory, *directory.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


class Redis:
    def __init__(self, state: Path, port: int):
        self.directory = state / "redis"
        self.port = port

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [
                _which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.directory), "--save", "", "--appendonly", "no",
                "--daemonize", "yes", "--pidfile", str(self.directory / "redis.pid"),
                "--logfile", str(self.directory / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        wait_for_port(self.port, timeout=10)
        return self.url

    def stop(self) -> None:
        pidfile = self.directory / "redis.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text()), 15)
            except (ProcessLookupError, ValueError):
                pass


def secret(state: Path, name: str, *, nbytes: int = 50) -> Path:
    """A random secret kept in `<state>/<name>` (so sessions survive a restart)."""
    path = state / name
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(nbytes))
        path.chmod(0o600)
    return path


# Production settings refuse to start without Stripe keys (they never fall back to
# the fake on their own). Without a real key of yours, the local topology points
# them explicitly at the fake Stripe it runs, with keys of its own.
LOCAL_STRIPE_SECRET_KEY = "sk_test_local_topology"  # noqa: S105 - the fake accepts any sk_test_
LOCAL_STRIPE_WEBHOOK_SECRET = "whsec_local_topology"  # noqa: S105 - the local fake's secret


def fake_stripe_environment(ports: Ports) -> dict:
    """Settings that point the site at the local fake Stripe, with its own keys."""
    return {
        "STRIPE_SECRET_KEY": LOCAL_STRIPE_SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": LOCAL_STRIPE_WEBHOOK_SECRET,
        "STRIPE_API_BASE": f"http://127.0.0.1:{ports.stripe}",
    }


def django_environment(*, state: Path, ports: Ports, database_url: str, cache_url: str) -> dict:
    """Production settings for a local machine: DEBUG off, every shared thing shared."""
    site_url = f"http://127.0.0.1:{ports.site}"
    metrics = state / "metrics"
    return {
        # A real STRIPE_SECRET_KEY of yours (with its webhook secret) wins.
        **({} if os.environ.get("STRIPE_SECRET_KEY") else fake_stripe_environment(ports)),
        "DEBUG": "false",
        "SECRET_KEY_FILE": str(secret(state, "secret_key")),
        "METRICS_TOKEN_FILE": str(secret(state, "metrics_token")),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        # Plain HTTP on the loopback: no TLS proxy in front locally.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(state / "media"),
        # Collected here, not in the checkout's staticfiles/, which tests may be reading.
        "STATIC_ROOT": str(state / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(ports.smtp),
        "EMAIL_USE_TLS": "false",
        "FAKE_STRIPE_PORT": str(ports.stripe),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        # The front cache's refresh hook (deploy/nginx/).
        "FRONT_CACHE_PURGER": "newsroom.http_cache.purge.NginxRefreshPurger",
        "FRONT_CACHE_URL": site_url,
        "FRONT_CACHE_PURGE_SECRET_FILE": str(secret(state, "purge_secret", nbytes=16)),
        # One proxy of ours (nginx) appends the reader's address to X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
    }


def metrics_dir_reset(state: Path) -> None:
    # prometheus-client's multiprocess files belong to one run of the processes.
    metrics = state / "metrics"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)


@dataclass
class Nginx:
    binary: str
    prefix: Path  # nginx's -p: holds nginx.conf, logs, cache and temporary files


def nginx_render(*, state: Path, ports: Ports) -> Nginx:
    """Write `<state>/nginx/nginx.conf`: the front cache in front of the web processes.

    The shipped recipe (deploy/nginx/render.py), rendered for this machine's ports
    and folders, so `make prod` runs exactly what the deployment guide ships."""
    prefix = state / "nginx"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from deploy.nginx.render import NGINX, FrontCache

    front = FrontCache(
        out_dir=prefix,
        listen=f"127.0.0.1:{ports.site}",
        upstreams=[f"127.0.0.1:{port}" for port in ports.web],
        media_root=state / "media",
        # Short: nginx keeps it in a map, whose keys must fit map_hash_bucket_size.
        purge_secret=secret(state, "purge_secret", nbytes=16).read_text(),
        workers="1",
        access_log=False,
    )
    front.render()
    return Nginx(binary=NGINX or _which("nginx") or "nginx", prefix=front.out_dir)
