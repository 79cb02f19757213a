"""`make prod`: the production topology on this machine, through honcho and the Procfile.

PostgreSQL (a cluster under .prod/ unless DATABASE_URL is given) and Redis start
first, the database is migrated and static files collected, then honcho runs the
front cache (nginx), gunicorn with several workers, two task workers, the periodic
process, a local SMTP sink and, with no Stripe key, the offline fake Stripe.
Ctrl-C stops all of it, engines included.
"""

import os
import signal
import subprocess
import sys

from topology import (
    ROOT,
    Ports,
    Postgres,
    Redis,
    django_environment,
    engines_check,
    metrics_dir_reset,
    nginx_render,
    port_is_free,
)

STATE = ROOT / ".prod"


def manage(*argv: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env, check=True)  # noqa: S603


def main() -> None:
    external_database = os.environ.get("DATABASE_URL", "")
    engines_check(need_postgres=not external_database)
    ports = Ports.from_environment()
    busy = [
        port
        for port in [ports.site, *ports.web, ports.redis, ports.smtp, ports.stripe]
        + ([] if external_database else [ports.postgres])
        if not port_is_free(port)
    ]
    if busy:
        sys.exit(f"Ports in use: {busy}. Stop what uses them or set PROD_*_PORT (see README).")

    postgres = None if external_database else Postgres(STATE, ports.postgres)
    redis = Redis(STATE, ports.redis)
    offline_stripe = not os.environ.get("STRIPE_SECRET_KEY")
    stopping = False

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        database_url = external_database or postgres.start()
        cache_url = redis.start()
        env = {
            **os.environ,
            **django_environment(
                state=STATE, ports=ports, database_url=database_url, cache_url=cache_url
            ),
            "WEB_PORT": str(ports.web[0]),
            "WEB_WORKERS": os.environ.get("WEB_WORKERS", "3"),
            "SMTP_PORT": str(ports.smtp),
        }
        nginx = nginx_render(state=STATE, ports=ports)
        env |= {"NGINX": nginx.binary, "NGINX_PREFIX": str(nginx.prefix)}
        metrics_dir_reset(STATE)
        manage("migrate", "--no-input", "-v", "0", env=env)
        manage("collectstatic", "--no-input", "-v", "0", env=env)
        if os.environ.get("PROD_DEMO", "true") == "true":
            # The demo's accounts get no password here: sign up, or use createsuperuser.
            manage("load_demo", "--allow-production", env=env)
        processes = ["front", "web", "worker", "periodic", "mail"]
        if offline_stripe:
            processes.append("stripe")
        print(
            f"\nProduction topology starting: http://127.0.0.1:{ports.site}/ "
            f"(gunicorn on {ports.web[0]}, PostgreSQL {database_url}, Redis {cache_url}).\n"
            f"Metrics: curl -H 'Authorization: Bearer '$(cat .prod/metrics_token) "
            f"http://127.0.0.1:{ports.site}/metrics\nPress Ctrl-C to stop everything.\n",
            flush=True,
        )
        honcho = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "honcho", "-f", "Procfile", "start",
                "-c", "worker=2", *processes,
            ],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            honcho.wait()
        except KeyboardInterrupt:
            stopping = True
            # Ctrl-C reached honcho too (same terminal); make sure, then wait for it
            # to stop its processes before the engines under them go.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if honcho.poll() is None:
                honcho.send_signal(signal.SIGINT)
            try:
                honcho.wait(timeout=20)
            except subprocess.TimeoutExpired:
                honcho.kill()
    except KeyboardInterrupt:
        stopping = True
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        redis.stop()
        if postgres:
            postgres.stop()
        print("Stopped." if stopping else "A process stopped; everything was shut down.")


if __name__ == "__main__":
    main()
