"""Render the front-cache recipe (site.conf, and nginx.conf to run it standalone).

    python deploy/nginx/render.py --out /etc/nginx/newsroom \\
        --listen 80 --upstream 127.0.0.1:8000 --upstream 127.0.0.1:8001 \\
        --cache-dir /var/cache/nginx/newsroom \\
        --media-root /srv/newsroom/media --purge-secret-file /etc/newsroom/purge-secret

In a system nginx, include <out>/site.conf from the http block. To run nginx on its
own (as make bench and the tests do): `nginx -p <out> -c <out>/nginx.conf -e stderr`.
"""

import argparse
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Debian puts nginx in /usr/sbin, which an ordinary user's PATH may lack.
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
MODULES_DIR = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = "ngx_http_brotli_filter_module.so"
BROTLI_TYPES = (
    "text/css text/plain text/xml application/javascript application/json "
    "application/ld+json application/xml application/rss+xml application/atom+xml image/svg+xml"
)


@dataclass
class FrontCache:
    out_dir: Path
    listen: str = "127.0.0.1:8080"
    upstreams: list[str] = field(default_factory=lambda: ["127.0.0.1:8000"])
    cache_dir: Path | None = None
    log_dir: Path | None = None
    media_root: Path = Path("media")
    purge_secret: str = ""
    server_name: str = "_"
    session_cookie: str = "sessionid"
    forwarded_proto: str = "$scheme"
    cache_max_size: str = "2g"
    workers: str = "auto"
    access_log: bool = True
    extra_conf: Path | None = None
    brotli: bool | None = None  # None: when Debian's module is installed

    def __post_init__(self) -> None:
        self.out_dir = Path(self.out_dir).resolve()
        self.cache_dir = Path(self.cache_dir or self.out_dir / "cache").resolve()
        self.log_dir = Path(self.log_dir or self.out_dir / "logs").resolve()
        if self.brotli is None:
            self.brotli = (MODULES_DIR / BROTLI_MODULE).exists()

    @property
    def run_dir(self) -> Path:
        return self.out_dir / "run"

    @property
    def site_conf(self) -> Path:
        return self.out_dir / "site.conf"

    @property
    def nginx_conf(self) -> Path:
        return self.out_dir / "nginx.conf"

    def command(self, *extra: str) -> list[str]:
        if NGINX is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx).")
        return [NGINX, "-p", str(self.out_dir), "-c", str(self.nginx_conf), "-e", "stderr", *extra]

    @contextlib.contextmanager
    def running(self, *, timeout: float = 10) -> Iterator["FrontCache"]:
        """Render, start nginx in the foreground of a child process, and stop it after."""
        self.render()
        process = subprocess.Popen(  # noqa: S603 - our own command line
            self.command("-g", "daemon off;"), stderr=subprocess.PIPE, text=True
        )
        host, _, port = self.listen.rpartition(":")
        deadline = time.monotonic() + timeout
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"nginx did not start: {process.stderr.read()}")
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection((host or "127.0.0.1", int(port)), timeout=0.2),
                ):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("nginx did not open its port in time")
                time.sleep(0.05)
            yield self
        finally:
            process.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def render(self) -> None:
        if not self.purge_secret:
            raise ValueError("A purge secret is required (it guards the refresh requests).")
        if any(character in self.purge_secret for character in "\"';{} \n\\$"):
            raise ValueError("The purge secret must be a plain token (letters, digits, -_).")
        for directory in (self.out_dir, self.cache_dir, self.log_dir, self.run_dir):
            directory.mkdir(parents=True, exist_ok=True)
        error_log = self.log_dir / "error.log"
        brotli = (
            f"    brotli on;\n    brotli_comp_level 5;\n    brotli_types {BROTLI_TYPES};"
            if self.brotli
            else "    # Brotli: install libnginx-mod-http-brotli-filter."
        )
        extra = f"    include {self.extra_conf};" if self.extra_conf else ""
        site = _fill(
            (HERE / "site.conf.template").read_text(),
            CACHE_DIR=self.cache_dir,
            CACHE_MAX_SIZE=self.cache_max_size,
            UPSTREAM_SERVERS="\n".join(
                f"    server {address} max_fails=0;" for address in self.upstreams
            ),
            SESSION_COOKIE=self.session_cookie,
            PURGE_SECRET=self.purge_secret,
            LISTEN=self.listen,
            SERVER_NAME=self.server_name,
            ACCESS_LOG=self.log_dir / "access.log" if self.access_log else "off",
            ERROR_LOG=error_log,
            BROTLI=brotli,
            MEDIA_ROOT=Path(self.media_root).resolve(),
            FORWARDED_PROTO=self.forwarded_proto,
        )
        if extra:
            # The bench's own locations (a static copy of a page) go inside the server.
            site = site.replace("    location /media/ {", f"{extra}\n\n    location /media/ {{", 1)
        self.site_conf.write_text(site)
        user = pwd.getpwuid(os.geteuid()).pw_name
        self.nginx_conf.write_text(
            _fill(
                (HERE / "nginx.conf.template").read_text(),
                # As root, workers would switch to `nobody` and lose access to our files.
                USER=f"user {user};" if os.geteuid() == 0 else "",
                WORKERS=self.workers,
                RUN_DIR=self.run_dir,
                ERROR_LOG=error_log,
                LOAD_MODULES=f"load_module {MODULES_DIR / BROTLI_MODULE};" if self.brotli else "",
                SITE_CONF=self.site_conf,
            )
        )


def _fill(template: str, **values) -> str:
    for name, value in values.items():
        template = template.replace(f"@@{name}@@", str(value))
    if "@@" in template:
        raise ValueError(f"Unfilled parameter in template: {template[template.index('@@') :][:40]}")
    return template


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="directory for the files")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--upstream", action="append", help="gunicorn address (repeatable)")
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--log-dir", type=Path)
    parser.add_argument("--media-root", type=Path, default=Path("media"))
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--purge-secret", default=os.environ.get("FRONT_CACHE_PURGE_SECRET", ""))
    parser.add_argument("--purge-secret-file", type=Path)
    parser.add_argument(
        "--forwarded-proto", default="$scheme", help="'https' when TLS ends in front of this nginx"
    )
    parser.add_argument("--workers", default="auto")
    args = parser.parse_args(argv)
    secret = (
        args.purge_secret_file.read_text().strip() if args.purge_secret_file else args.purge_secret
    )
    front = FrontCache(
        out_dir=args.out,
        listen=args.listen,
        upstreams=args.upstream or ["127.0.0.1:8000"],
        cache_dir=args.cache_dir,
        log_dir=args.log_dir,
        media_root=args.media_root,
        purge_secret=secret,
        server_name=args.server_name,
        forwarded_proto=args.forwarded_proto,
        workers=args.workers,
    )
    front.render()
    print(" ".join(front.command()), file=sys.stderr)


if __name__ == "__main__":
    main()
