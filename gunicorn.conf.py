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


def post_worker_init(worker):
    """Pay Django's lazy set-up (URL resolvers, templates, translations) before the first reader."""
    from django.test import Client

    client = Client(HTTP_HOST=(os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0] or "localhost"))
    for path in ("/nl/", "/en/", "/ar/"):
        try:
            client.get(path, secure=True)
        except Exception:  # noqa: BLE001 - warming up must never stop a worker from starting
            worker.log.exception("Warm-up request to %s failed", path)
