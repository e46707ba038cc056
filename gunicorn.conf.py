"""gunicorn settings for production (docker-compose) and the benchmark (make bench)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: page rendering is CPU-bound and the page cache absorbs most reads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# Load the app once in the master: workers fork from it (less memory, faster restarts).
preload_app = True
# Recycle workers now and then so a slow leak can never grow without bound; rarely, because a
# fresh worker is slow for its first requests (see post_worker_init).
max_requests = 50000
max_requests_jitter = 5000
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # off unless asked for: it costs throughput
errorlog = "-"
loglevel = "info"


# Caches that live inside one process: with several workers a publish or a cache clear reaches
# only the worker that made it, so the others keep routing by stale slugs.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


def on_starting(server):
    """Refuse to start a set-up that cannot work, with a message saying what to change.

    Several workers need the shared cache (the content version every worker checks, see
    kennisbank/caching/worker.py): Redis (REDIS_URL) or, in production without it, a database
    table that `manage.py createcachetable` makes. Redis that does not answer is not refused:
    pages are then rendered without it (and the error logged) until it is back.
    """
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import DatabaseError, connections

    if "kennisbank.caching" not in settings.INSTALLED_APPS:
        return  # another app (make bench's ceiling) keeps no content version
    try:
        # Both shared caches (kennisbank/caching/state.py): cached work, and the versions and limits.
        for alias, config in settings.CACHES.items():
            backend = config["BACKEND"]
            if server.cfg.workers > 1 and backend in PER_PROCESS_CACHES:
                raise RuntimeError(
                    f"{server.cfg.workers} workers with a cache of their own ({backend}) would each keep "
                    "their own content version. Use kennisbank.settings.production (its cache is Redis with "
                    "REDIS_URL, else the database) or GUNICORN_WORKERS=1."
                )
            try:
                caches[alias].set("gunicorn-start-check", 1, 10)
                if caches[alias].get("gunicorn-start-check") != 1:
                    server.log.warning("The shared cache %r (%s) does not answer: pages are rendered without "
                                       "it until it does.", alias, backend)
            except DatabaseError as error:
                raise RuntimeError(
                    f"The shared cache {alias!r}, database table {config.get('LOCATION')!r}, cannot be used: "
                    f"{error}. If the table is missing, run `python manage.py createcachetable`."
                ) from error
    finally:
        # Workers are forked from this process: they must not share its database connection.
        connections.close_all()


def post_worker_init(worker):
    """Pay Django's lazy set-up (URL resolvers, templates, translations) before the first reader."""
    from django.test import Client

    client = Client(HTTP_HOST=(os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0] or "localhost"))
    for path in ("/nl/", "/en/", "/ar/"):
        try:
            client.get(path, secure=True)
        except Exception:  # noqa: BLE001 - warming up must never stop a worker from starting
            worker.log.exception("Warm-up request to %s failed", path)
