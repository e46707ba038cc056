"""The anonymous page cache, through the real WSGI application (kennisbank.wsgi): hits are
answered before Django, never to editors, and the cache empties on publish."""

import io
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import PageViewRestriction

from kennisbank.caching.version import content_version
from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.settings.base import redis_cache
from kennisbank.wsgi import application

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@dataclass
class Answer:
    status: str
    headers: list
    body: str

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    @property
    def cache(self):
        return self.header("X-Page-Cache")


@contextmanager
def _keep_test_transaction():
    """Django closes the database connection around a request; inside a test that would end
    the test's transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi_request(url, method="GET", host="testserver", cookies="", **headers):
    """One request through kennisbank.wsgi.application, as gunicorn would send it."""
    parts = urllib.parse.urlsplit(url)
    environ = {
        "REQUEST_METHOD": method,
        # WSGI carries the path as bytes decoded as latin-1.
        "PATH_INFO": urllib.parse.unquote(parts.path).encode().decode("latin-1"),
        "QUERY_STRING": parts.query,
        "HTTP_HOST": host,
        "HTTP_COOKIE": cookies,
        "wsgi.input": io.BytesIO(),
        **headers,
    }
    setup_testing_defaults(environ)
    started = []
    with _keep_test_transaction():
        result = application(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    status, headers = started[0]
    return Answer(status, headers, body.decode())


@pytest.fixture
def page(seeded):
    return AttitudePage.objects.get(title_nl="Volgen")


def test_second_anonymous_request_is_answered_from_the_cache(page):
    first = wsgi_request(page.url)
    second = wsgi_request(page.url)
    assert (first.status, first.cache) == ("200 OK", "miss")
    assert (second.status, second.cache) == ("200 OK", "hit")
    assert second.body == first.body
    assert "<h1" in second.body and "Volgen" in second.body


def test_a_hit_carries_the_same_security_headers_as_a_fresh_page(page):
    first = wsgi_request(page.url)
    second = wsgi_request(page.url)
    for name in SECURITY_HEADERS:
        assert first.header(name), name
        assert second.header(name) == first.header(name), name


def test_cache_is_keyed_by_language_and_path(seeded):
    wsgi_request("/nl/")
    english = wsgi_request("/en/")
    assert english.cache == "miss"
    assert '<html lang="en"' in english.body
    assert wsgi_request("/nl/").cache == "hit"


def test_arabic_script_urls_are_cached_like_any_other(seeded):
    from django.utils import translation

    with translation.override("ar"):
        url = BlockPage.objects.get(number=2).url
    assert url.startswith("/ar/%D8")  # an Arabic-script slug, percent-encoded
    assert wsgi_request(url).cache == "miss"
    hit = wsgi_request(url)
    assert hit.cache == "hit" and 'dir="rtl"' in hit.body


def test_a_page_stored_for_one_host_is_not_served_to_another(page, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    wsgi_request(page.url)
    assert wsgi_request(page.url, host="other.example").cache == "miss"


def test_a_page_stored_for_http_is_not_served_to_https(page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    wsgi_request(page.url)
    assert wsgi_request(page.url, HTTP_X_FORWARDED_PROTO="https").cache == "miss"
    assert wsgi_request(page.url, HTTP_X_FORWARDED_PROTO="https").cache == "hit"


def test_a_host_outside_allowed_hosts_gets_a_plain_400(page):
    wsgi_request(page.url)
    answer = wsgi_request(page.url, host="evil.example")
    assert answer.status.startswith("400")
    assert "Volgen" not in answer.body


def test_head_is_answered_without_a_body(page):
    wsgi_request(page.url, method="HEAD")
    hit = wsgi_request(page.url, method="HEAD")
    assert hit.cache == "hit"
    assert hit.body == ""


def test_logged_in_editors_never_get_cached_pages(page, client, admin_user):
    wsgi_request(page.url)
    client.force_login(admin_user)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    answer = wsgi_request(page.url, cookies=session)
    assert answer.status == "200 OK"
    assert answer.cache is None


def test_previews_and_searches_are_never_cached(page):
    for url in (f"{page.url}?preview=1", "/nl/zoeken/?q=grenzen"):
        wsgi_request(url)
        assert wsgi_request(url).cache != "hit", url


def test_the_language_cookie_belongs_to_the_reader_not_the_cached_page(seeded):
    first = wsgi_request("/en/")  # a new reader: the cookie is set with the fresh page
    assert f"{settings.LANGUAGE_COOKIE_NAME}=en" in (first.header("Set-Cookie") or "")
    returning = wsgi_request("/en/", cookies=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    assert returning.cache == "hit"
    assert returning.header("Set-Cookie") is None
    switching = wsgi_request("/en/", cookies=f"{settings.LANGUAGE_COOKIE_NAME}=nl")
    assert switching.cache == "hit"
    assert f"{settings.LANGUAGE_COOKIE_NAME}=en" in switching.header("Set-Cookie")


def test_publishing_a_change_shows_on_the_next_request(page):
    url = page.url
    wsgi_request(url)
    assert wsgi_request(url).cache == "hit"
    page.title_nl = "Volgen, stap voor stap"
    page.save_revision().publish()
    answer = wsgi_request(url)
    assert answer.cache == "miss"
    assert "Volgen, stap voor stap" in answer.body


def test_the_version_moves_again_when_the_publish_commits(page, django_capture_on_commit_callbacks):
    """A page rendered while the publish is not yet committed reads the old rows; it is stored
    under the version of that moment, which the commit makes stale."""
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        page.title_nl = "Volgen, stap voor stap"
        page.save_revision().publish()
        during = content_version.current()
    assert during != before
    assert content_version.current() != during


def test_publishing_a_block_refreshes_its_attitudes_and_the_home_page(seeded):
    block = BlockPage.objects.get(number=1)
    attitude = AttitudePage.objects.child_of(block).first()
    wsgi_request("/nl/")
    wsgi_request(attitude.url)
    block.title_nl = "Veilig fundament"
    block.save_revision().publish()
    assert "Veilig fundament" in wsgi_request("/nl/").body
    assert "Veilig fundament" in wsgi_request(attitude.url).body


def test_unpublish_and_delete_empty_the_cache(page):
    url = page.url
    wsgi_request(url)
    page.unpublish()
    assert wsgi_request(url).status.startswith("404")
    other = AttitudePage.objects.get(title_nl="Benoemen")
    other_url = other.url
    wsgi_request(other_url)
    other.delete()
    assert wsgi_request(other_url).status.startswith("404")


def test_moving_a_page_empties_the_cache(seeded):
    attitude = AttitudePage.objects.get(title_nl="Benoemen")
    old_url = attitude.url
    wsgi_request(old_url)
    attitude.move(BlockPage.objects.get(number=5), pos="last-child")
    assert wsgi_request(old_url).status.startswith("301")


def test_a_new_view_restriction_stops_serving_the_cached_public_page(page):
    url = page.url
    wsgi_request(url)
    assert wsgi_request(url).cache == "hit"
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    answer = wsgi_request(url)
    assert answer.status.startswith("302")
    assert "login" in answer.header("Location")


def test_pages_are_still_served_when_redis_is_down(page, settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}  # nothing listens there
    for _ in range(2):
        answer = wsgi_request(page.url)
        assert answer.status == "200 OK"
        assert "Volgen" in answer.body
        assert answer.cache != "hit"


def test_cache_can_be_switched_off(seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0
    wsgi_request("/nl/")
    assert wsgi_request("/nl/").cache is None
