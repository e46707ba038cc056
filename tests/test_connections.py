"""Connections the served site keeps open on PostgreSQL. runserver (`make run`, the suite's live
site) answers each request in a thread of its own; a connection kept for reuse would stay open
until its thread is garbage collected, and a browser test run filled max_connections with them
("too many clients already")."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

pytestmark = pytest.mark.postgres


def open_connections(database_url):
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchone()[0]


def test_runserver_keeps_no_connection_after_its_requests(live_site):
    # Suggestions query the database every time and, unlike searches, count against no budget
    # (60 searches from one address would leave the next minute's searches unlogged).
    urls = [f"{live_site.url}/en/search/suggest/?q=boundar{n}" for n in range(60)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda url: urllib.request.urlopen(url, timeout=30).status, urls))
    assert statuses == [200] * 60
    assert open_connections(live_site.env["DATABASE_URL"]) <= 1  # at most a request still closing
