"""Pages through a real Varnish (kennisbank/caching/): kept for anonymous readers, purged when
they change, never kept for one reader (an editor, a cookie) or behind a view restriction.

The site runs in its own process with its own database (tests/live_site.py); changes are made
there as an editor would make them (publish, restrict) and undone at the end of each test.
"""

import json
import urllib.error
import urllib.request

import pytest

ATTITUDE = "4.8"
TITLES = {"nl": "Duidelijke grenzen stellen", "en": "Setting clear boundaries", "ar": "وضع حدود واضحة"}


def fetch(url, **headers):
    """(status, X-Cache, Cache-Control, body) of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers.get("X-Cache"), response.headers.get("Cache-Control", ""), \
        response.read().decode(errors="replace")


def attitude_urls(site):
    """The attitude's path in nl, en and ar, as the site computes them."""
    out = site.shell(
        "import json; from kennisbank.content.models import AttitudePage; "
        "from kennisbank.core.languages import page_urls; "
        f"print(json.dumps(page_urls(AttitudePage.objects.get(seed_key={ATTITUDE!r}))))"
    )
    return json.loads(out.strip().splitlines()[-1])


def set_title(site, language, title):
    """Publish a new title in `language`, as an editor would: a revision, then publish."""
    site.shell(
        "from kennisbank.content.models import AttitudePage; "
        f"page = AttitudePage.objects.get(seed_key={ATTITUDE!r}).get_latest_revision_as_object(); "
        f"page.title_{language} = {title!r}; page.save_revision().publish()"
    )


@pytest.fixture
def urls(live_site):
    return {language: live_site.cached_url + path for language, path in attitude_urls(live_site).items()}


def test_a_page_is_kept_after_the_first_read(urls):
    for url in urls.values():
        first, second = fetch(url), fetch(url)
        assert (first[0], second[0]) == (200, 200)
        assert second[1] == "hit"
        assert "s-maxage" in second[2]


def test_publishing_purges_the_page_in_every_language(live_site, urls):
    before = {language: fetch(url) for language, url in urls.items()}
    assert all(fetch(url)[1] == "hit" for url in urls.values())
    original = TITLES
    try:
        set_title(live_site, "en", "Setting clear limits")
        for language, url in urls.items():
            status, cache, _control, body = fetch(url)
            assert (status, cache) == (200, "miss"), language
            assert ("Setting clear limits" in body) == (language == "en"), language
            assert original[language] in before[language][3]
    finally:
        set_title(live_site, "en", original["en"])
    assert "Setting clear boundaries" in fetch(urls["en"])[3]


def test_every_variant_of_a_page_goes_with_a_purge(live_site, urls):
    variant = urls["nl"] + "?audience=parents"
    fetch(variant)
    assert fetch(variant)[1] == "hit"
    assert fetch(urls["nl"] + "?audience=parents&utm_source=x")[1] == "hit"  # an unused parameter is no copy
    set_title(live_site, "nl", "Duidelijke grenzen stellen")  # a publish, same text
    assert fetch(variant)[1] == "miss"


def test_a_response_that_sets_a_cookie_is_never_kept(live_site):
    url = f"{live_site.cached_url}/language/en/?next=/en/"
    for _ in range(2):
        status, cache, _control, _body = fetch(url)
        assert (status, cache) == (302, "miss")


def test_an_editor_never_gets_or_leaves_a_kept_page(live_site, urls):
    session = live_site.shell(
        "from django.contrib.auth import get_user_model; from django.contrib.sessions.backends.db import SessionStore; "
        "user, _ = get_user_model().objects.get_or_create(username='cache-editor', defaults={'is_superuser': True}); "
        "s = SessionStore(); s['_auth_user_id'] = str(user.pk); "
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'; "
        "s['_auth_user_hash'] = user.get_session_auth_hash(); s.save(); print(s.session_key)"
    ).strip().splitlines()[-1]
    fetch(urls["nl"])  # an anonymous copy is kept
    for _ in range(2):
        status, cache, control, _body = fetch(urls["nl"], Cookie=f"sessionid={session}")
        assert (status, cache) == (200, "miss")
        assert "private" in control and "s-maxage" not in control


def test_a_restricted_page_is_purged_and_never_kept(live_site, urls):
    assert fetch(urls["ar"])[0] == 200 and fetch(urls["ar"])[1] == "hit"
    restrict = (
        "from wagtail.models import PageViewRestriction; from kennisbank.content.models import AttitudePage; "
        f"PageViewRestriction.objects.create(page=AttitudePage.objects.get(seed_key={ATTITUDE!r}), "
        "restriction_type='password', password='geheim-wachtwoord')"
    )
    live_site.shell(restrict)
    try:
        for url in urls.values():
            for _ in range(2):
                status, cache, control, body = fetch(url)
                # Wagtail's password form, never the page's text, and never kept.
                assert (status, cache) == (200, "miss")
                assert "s-maxage" not in control
                assert 'name="password"' in body
                assert not any(title in body for title in TITLES.values())
    finally:
        live_site.shell(
            "from wagtail.models import PageViewRestriction; from kennisbank.content.models import AttitudePage; "
            f"PageViewRestriction.objects.filter(page=AttitudePage.objects.get(seed_key={ATTITUDE!r})).delete()"
        )
    assert fetch(urls["nl"])[0] == 200


def test_html_reaches_readers_compressed_and_unchanged(live_site, urls):
    """Varnish compresses text once per copy it keeps (varnish.vcl: do_gzip) and unzips it for a
    client that cannot take gzip."""
    import gzip

    for url in (urls["ar"], live_site.cached_url + "/nl/zoeken/?q=grenzen"):
        plain = urllib.request.urlopen(urllib.request.Request(url), timeout=30)
        assert plain.headers.get("Content-Encoding") is None
        body = plain.read()
        packed = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=30)
        assert packed.headers["Content-Encoding"] == "gzip"
        compressed = packed.read()
        assert len(compressed) < len(body) / 2
        unpacked = gzip.decompress(compressed)
        # The search page is made anew for each request; its text is what counts.
        assert unpacked == body or b"<main" in unpacked and unpacked.count(b"<li") == body.count(b"<li")


def test_readers_searches_and_clicks_are_counted_through_the_cache(live_site):
    """Search pages are never kept, the search event in the form's and the links' `event`
    parameter reaches the site (the VCL keeps only parameters the site reads), and a result's
    ping (a POST) is passed on (search/events.py)."""
    import re

    search = f"{live_site.cached_url}/en/search/?q=boundaries"
    status, cache, control, body = fetch(search)
    assert (status, cache) == (200, "miss") and "s-maxage" not in control
    event = re.search(r'name="event" value="([0-9a-f-]{36})"', body).group(1)
    ping = re.search(r'class="search-result__title" href="[^"]+" ping="([^"]+)"', body).group(1)
    request = urllib.request.Request(live_site.cached_url + ping, data=b"PING", method="POST",
                                     headers={"Content-Type": "text/ping"})
    assert urllib.request.urlopen(request, timeout=30).status == 204
    status, cache, _control, _body = fetch(f"{live_site.cached_url}/en/search/?q=limits&event={event}")
    assert (status, cache) == (200, "miss")
    out = live_site.shell(
        "from search.models import SearchEvent; "
        f"e = SearchEvent.objects.get(id={event!r}); print(e.clicked, e.searched_again)"
    )
    assert out.strip().splitlines()[-1] == "True True"
