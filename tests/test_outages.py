"""What readers and the log get while the database or Redis does not answer (kennisbank/outages.py):
a 503 with Retry-After in the reader's language instead of the generic 500, results while Redis
is stopped or frozen, and one line in the log per outage and minute instead of a traceback per
request. tests/test_faults.py does the same with real processes behind Varnish."""

import io
import logging
import os
import signal

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kennisbank.outages import OutageLogFilter
from kennisbank.settings.base import shared_caches
from search.models import SearchEntry

from .conftest import soup
from .redis_server import running_redis
from .varnish import free_port

BRIEFLY_UNAVAILABLE = {"nl": "Even niet bereikbaar", "en": "Briefly unavailable", "ar": "غير متاحة مؤقتًا"}


@pytest.fixture
def outage_log():
    """What the site's console log handler (settings LOGGING) writes during the test, its outage
    filter's memory of earlier outages cleared."""
    [handler] = [handler for handler in logging.getLogger("django.request").handlers
                 if any(isinstance(log_filter, OutageLogFilter) for log_filter in handler.filters)]
    for log_filter in handler.filters:
        log_filter._quiet_until.clear()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


@pytest.fixture
def database_down(django_db_blocker):
    """The site's PostgreSQL connection pointed at a port where nothing answers (an SQLite file
    has no server to lose; the tests using this are marked postgres)."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    with django_db_blocker.unblock():
        yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.postgres
def test_while_the_database_does_not_answer_readers_get_a_503_in_their_language(database_down, outage_log):
    """Issue 28: every search during a database outage got the generic 500 page (no Retry-After),
    and the log a traceback per request."""
    client = Client(raise_request_exception=False)  # what a reader gets, not the exception
    paths = []
    for language in ("nl", "en", "ar"):
        with translation.override(language):
            paths += [(language, f"/{language}/"), (language, reverse("search") + "?q=grenzen"),
                      (language, f"/{language}/some/page/")]
    for language, path in paths:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        html = soup(response)
        assert html.html["lang"] == language and html.html["dir"] == ("rtl" if language == "ar" else "ltr")
        assert html.h1.get_text() == BRIEFLY_UNAVAILABLE[language]
    log = outage_log()
    assert [line for line in log if "does not answer" in line] == [
        line for line in log if line.startswith("The database does not answer (OperationalError: ")]
    assert len([line for line in log if "does not answer" in line]) == 1
    assert not [line for line in log if "Traceback" in line]


@pytest.mark.postgres
def test_the_health_check_says_whether_the_database_answers(database_down, outage_log):
    """What Varnish's probe asks (kennisbank/caching/varnish.vcl), with a host name Django does
    not know, over plain HTTP."""
    for _probe in range(3):
        response = Client().get("/_health/", HTTP_HOST="probe.invalid")
        assert (response.status_code, response["Cache-Control"]) == (503, "no-store")
    assert outage_log() == [line for line in outage_log() if line.startswith("The database does not answer (")]
    assert len(outage_log()) == 1


def test_the_health_check_answers_while_the_database_does(client, db):
    response = client.get("/_health/", HTTP_HOST="probe.invalid")
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.fixture
def redis(settings):
    """A real redis-server as the site's shared caches, as settings.base configures them."""
    with running_redis() as (url, process):
        settings.CACHES = shared_caches(url)
        yield process


def search_titles(client, query):
    response = client.get("/nl/zoeken/", {"q": query})
    assert response.status_code == 200
    return [a.get_text(" ", strip=True) for a in soup(response).select(".search-result a")]


def test_searches_go_on_while_redis_is_stopped_or_frozen_and_the_log_says_so_once(
        client, seeded, redis, outage_log):
    """Issue 28, finding 6: with Redis frozen searches took seconds, and two Redis faults of ten
    seconds wrote 8,088 error and traceback lines to the log."""
    expected = search_titles(client, "grenzen")
    assert expected and SearchEntry.objects.exists()
    os.kill(redis.pid, signal.SIGSTOP)  # frozen: it accepts connections and never answers
    try:
        for _ in range(5):
            assert search_titles(client, "grenzen") == expected
    finally:
        os.kill(redis.pid, signal.SIGCONT)
    redis.kill()  # stopped
    redis.wait()
    for _ in range(5):
        assert search_titles(client, "grenzen") == expected
    log = outage_log()
    assert [line for line in log if "does not answer" in line] == [
        line for line in log if line.startswith("Redis (the shared cache) does not answer (")]
    assert len([line for line in log if "does not answer" in line]) == 1
    assert not [line for line in log if "Traceback" in line or "Exception ignored" in line]


@pytest.mark.postgres
def test_a_cancelled_query_is_a_fault_of_its_own_not_an_outage(db):
    """Only a database that cannot serve gets the 503 page and the once-a-minute line: a query
    cancelled by its statement timeout keeps the 500 and its traceback in the log."""
    from django.db import OperationalError, connection

    from kennisbank.outages import outage_of

    with pytest.raises(OperationalError) as cancelled:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
    assert outage_of(cancelled.value) is None
