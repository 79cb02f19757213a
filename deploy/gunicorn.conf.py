"""gunicorn's settings for the web process: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Used by the Procfile (so `make prod` and `honcho export`), the production smoke test
and the beacon benchmark; the number of workers and the address are given on the
command line.

Threaded workers with keep-alive: nginx keeps connections to gunicorn open
(`keepalive` in the upstream block of deploy/nginx/site.conf.template) and every
page view sends a small analytics beacon, so opening and closing a connection per
request (the sync worker's only way) cost more processor time than answering the
beacon itself. A gthread worker keeps idle connections in its poller, not in a
thread, and answers on the same connection again. Four threads per worker overlap
one request's database or cache wait with another's work; each thread may hold a
database connection, so PostgreSQL's max_connections must allow
web processes x workers x threads plus the task workers.
"""

worker_class = "gthread"
threads = 4
# Longer than nginx's upstream keepalive_timeout (60 s), so nginx always closes an idle
# connection first: if gunicorn closed it while nginx was sending a beacon down it, the
# POST (not idempotent) would fail with a 502 instead of being retried.
keepalive = 75


def worker_exit(server, worker) -> None:
    """Flush this worker's buffered page views on a graceful stop or restart."""
    from members.analytics.flush import analytics_flush_all

    analytics_flush_all()
