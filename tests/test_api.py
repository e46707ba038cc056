"""The read-only JSON API: blocks, attitudes and standing pages per language, fallbacks marked,
rich text sanitised, every language's URL, the review and the licence, each exercise's place on
its sheet; paginated, cacheable, revalidated with 304s, open to other sites (CORS for GET), a
budget per client; errors in one language; never a draft, an unpublished or a restricted page."""

import datetime
import hashlib
import json
import re
import subprocess
import urllib.error
import urllib.request

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction

from kennisbank.api import errors
from kennisbank.caching.purge import urls_for
from kennisbank.caching.state import state_cache
from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.core.languages import page_urls

from .conftest import soup, url_in
from .factories import exercise

API = "/api/v2/pages/"
ARABIC = re.compile(r"[\u0600-\u06FF]")
# The first second of a minute: the budget counts per minute.
MINUTE = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)


def get(client, path=API, **params):
    response = client.get(path, params)
    return response, json.loads(response.content)


def attitudes(client, **params):
    response, data = get(client, type="kennisbank.AttitudePage", **params)
    assert response.status_code == 200, data
    return data


def all_text(client, **params):
    """Every field of every page the API lists, as one string: what a consumer can ever read."""
    texts = []
    offset = 0
    while True:
        response, data = get(client, fields="*", limit=50, offset=offset, **params)
        assert response.status_code == 200, data
        texts.append(json.dumps(data, ensure_ascii=False))
        offset += 50
        if offset >= data["meta"]["total_count"]:
            return "".join(texts)


def test_listing_per_language_with_pagination(client, seeded):
    data = attitudes(client, lang="en")
    assert data["meta"]["total_count"] == 33 and len(data["items"]) == 20
    assert data["meta"]["language"] == "en" and data["meta"]["licence"] == settings.CONTENT_LICENCE
    first = data["items"][0]
    page = AttitudePage.objects.get(id=first["id"])
    assert first["title"] == page.title_en == "Offering more care"
    assert first["meta"]["html_url"] == page_urls(page, full=True)["en"]
    assert first["meta"]["detail_url"] == f"{settings.PUBLIC_ORIGIN}{API}{page.id}/?lang=en"
    assert first["meta"]["language"] == "en" and first["meta"]["fallback_fields"] == []
    rest = attitudes(client, lang="en", offset=20, limit=20)
    assert len(rest["items"]) == 13
    assert {item["id"] for item in data["items"]} | {item["id"] for item in rest["items"]} == set(
        AttitudePage.objects.values_list("id", flat=True))
    blocks = get(client, type="kennisbank.BlockPage", lang="ar", fields="number,goal")[1]["items"]
    assert [block["number"] for block in blocks] == [1, 2, 3, 4, 5]
    assert blocks[0]["title"] == "الأمان الأساسي" and blocks[0]["goal"] == BlockPage.objects.get(number=1).goal_ar


def test_an_attitude_in_arabic(client, attitude):
    response, data = get(client, f"{API}{attitude.id}/", lang="ar")
    assert response.status_code == 200
    assert data["title"] == "وضع حدود واضحة" and data["summary"] == attitude.summary_ar
    assert data["block"] == {"id": attitude.get_parent().id, "number": 4, "title": "الاستقلالية"}
    assert data["meta"]["urls"] == page_urls(attitude, full=True)
    assert set(data["meta"]["urls"]) == {"nl", "en", "ar"}
    assert data["meta"]["language"] == "ar" and data["meta"]["licence"]["name"]
    exercise = data["exercises"][0]
    assert exercise["type"] == "exercise" and exercise["aim"] == attitude.exercises_ar[0].value["aim"]
    assert exercise["steps"][0].startswith("<p>") and "duration" not in exercise
    assert exercise["duration_minutes"] == attitude.exercises_ar[0].value["duration"] == 20
    example = data["examples"][0]
    assert {"title", "situation", "parent_action", "why_it_helps", "audience", "image"} <= set(example)
    assert data["review"] == {
        "last_reviewed_on": "2026-11-29", "next_review_on": "2027-11-29", "language": "ar",
        "reviewed_by": "فريق تحرير هذا الموقع", "sources": data["review"]["sources"],
    }
    assert "Truus Bakker-van Zeil" in data["review"]["sources"]


def test_each_exercise_links_its_place_on_the_sheet(client, attitude, tmp_path):
    attitude.exercises_ar = [("exercise", exercise(title="تمرين أول")), ("exercise", exercise(title="تمرين ثانٍ"))]
    attitude.save_revision().publish()
    exercises = get(client, f"{API}{attitude.id}/", lang="ar")[1]["exercises"]
    sheet = f"{settings.PUBLIC_ORIGIN}/ar/sheets/{attitude.id}.pdf"
    assert [item["sheet_url"] for item in exercises] == [
        f"{sheet}#nameddest=exercise-{item.id}" for item in AttitudePage.objects.get(id=attitude.id).exercises_ar]
    # The sheet has those places (named destinations, RFC 8118), each exercise on its own page.
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(client.get(sheet.removeprefix(settings.PUBLIC_ORIGIN)).content)
    destinations = subprocess.run(["pdfinfo", "-dests", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = {name: int(page) for page, name in re.findall(r'^\s*(\d+) \[.*\] "(.*)"$', destinations, re.M)}
    assert [pages[item["sheet_url"].split("#nameddest=")[1]] for item in exercises] == [1, 2]


def test_the_description_is_the_one_the_page_gives_search_engines(client, attitude, block):
    for page in (attitude, block):
        for language in ("nl", "ar"):
            data = get(client, f"{API}{page.id}/", lang=language)[1]
            shown = soup(client.get(url_in(page, language))).select_one('meta[name="description"]')["content"]
            assert data["meta"]["search_description"] == shown != ""
            assert "seo_title" not in data["meta"]
    listing = get(client, type="kennisbank.BlockPage", fields="search_description", lang="en")[1]["items"]
    assert all(item["meta"]["search_description"] for item in listing)


def test_the_root_names_the_endpoints(client, attitude):
    response = client.get("/api/v2/", HTTP_ORIGIN="https://gemeente.example")
    data = json.loads(response.content)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "s-maxage" in response["Cache-Control"] and response["Access-Control-Allow-Origin"] == "*"
    pages = data["endpoints"]["pages"]
    assert pages["listing"] == f"{settings.PUBLIC_ORIGIN}{API}"
    assert data["languages"] == ["nl", "en", "ar"] and data["licence"] == settings.CONTENT_LICENCE
    detail = pages["detail"].format(id=attitude.id).removeprefix(settings.PUBLIC_ORIGIN)
    assert get(client, detail, lang="en")[1]["title"] == "Setting clear boundaries"
    assert client.get(pages["listing"].removeprefix(settings.PUBLIC_ORIGIN)).status_code == 200


def test_fallbacks_are_marked(client, attitude):
    attitude.summary_en = ""
    attitude.exercises_en = []
    attitude.save_revision().publish()
    data = get(client, f"{API}{attitude.id}/", lang="en")[1]
    assert data["summary"] == attitude.summary_nl
    assert data["exercises"][0]["title"] == attitude.exercises_nl[0].value["title"]
    assert data["meta"]["fallback_fields"] == ["summary", "exercises"]
    assert get(client, f"{API}{attitude.id}/", lang="nl")[1]["meta"]["fallback_fields"] == []


def test_rich_text_is_sanitised_with_absolute_links_in_the_language(client, attitude, block):
    attitude.explanation_en = (
        '<p>Safe <b>text</b><script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">js</a><iframe src="https://evil.example"></iframe>'
        '<a onclick="alert(4)" href="https://example.org/x">out</a>'
        f'<a linktype="page" id="{block.id}">the block</a></p><style>p{{}}</style>'
        '<form action="https://evil.example"><input name="q"></form><svg onload="alert(5)"></svg>'
    )
    attitude.save_revision().publish()
    html = get(client, f"{API}{attitude.id}/", lang="en")[1]["explanation"]
    for bad in ("<script", "alert(", "onerror", "javascript:", "<iframe", "onclick", "<style", "<form",
                "<input", "<svg", "<img", "linktype"):
        assert bad not in html
    assert "<b>text</b>" in html and 'href="https://example.org/x"' in html
    assert f'href="{page_urls(block, full=True)["en"]}"' in html


def test_restricted_draft_and_unpublished_pages_never_appear(client, seeded):
    restricted_block = BlockPage.objects.get(number=5)
    PageViewRestriction.objects.create(page=restricted_block, restriction_type="password", password="secret")
    below = AttitudePage.objects.child_of(restricted_block).first()
    unpublished = AttitudePage.objects.get(seed_key="2.3")
    unpublished.unpublish()
    draft = BlockPage.objects.get(number=1).add_child(instance=AttitudePage(
        title="Nog geheim concept", slug="nog-geheim-concept", summary="Concepttekst die niemand mag zien", live=False))
    changed = AttitudePage.objects.get(seed_key="1.1")
    new_draft = changed.get_latest_revision_as_object()
    new_draft.summary_nl = "Onbeoordeelde wijziging in een concept"
    new_draft.save_revision()  # saved, not published

    hidden = [restricted_block, below, unpublished, draft]
    for language in ("nl", "en", "ar"):
        text = all_text(client, lang=language)
        for page in hidden:
            assert f'"id": {page.id},' not in text
        assert "Nog geheim concept" not in text and "Concepttekst" not in text
        assert below.summary_nl not in text and below.summary_ar not in text
        assert "Onbeoordeelde wijziging" not in text
    for page in hidden:
        response, data = get(client, f"{API}{page.id}/")
        assert response.status_code == 404 and data["message"]
    response, data = get(client, child_of=restricted_block.id)
    assert response.status_code == 400 and "parent page doesn't exist" in data["message"]
    published = AttitudePage.objects.get(id=changed.id).summary_nl
    assert published != new_draft.summary_nl
    assert get(client, f"{API}{changed.id}/")[1]["summary"] == published


def test_a_session_opens_nothing_more(client, seeded, admin_user):
    restricted = AttitudePage.objects.get(seed_key="3.1")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    client.force_login(admin_user)
    assert get(client, f"{API}{restricted.id}/")[0].status_code == 404


def test_cacheable_open_to_other_sites_and_read_only(client, attitude):
    response = client.get(f"{API}{attitude.id}/", {"lang": "en"}, HTTP_ORIGIN="https://gemeente.example")
    assert response.status_code == 200
    assert "s-maxage" in response["Cache-Control"] and not response.cookies
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Language" not in response
    # The same for every reader: a shared cache keeps one copy per URL (and Origin, for CORS).
    assert response["Vary"].lower() == "origin"
    preflight = client.options(API, HTTP_ORIGIN="https://school.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200 and "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post(API, {}, HTTP_ORIGIN="https://school.example").status_code == 405
    error = client.get(API, {"lang": "xx"})
    assert error.status_code == 400 and "s-maxage" not in error.get("Cache-Control", "")


def test_validators_answer_304_until_what_the_page_shows_changes(client, attitude):
    url = f"{API}{attitude.id}/"
    with time_machine.travel(MINUTE, tick=False) as clock:
        first = client.get(url, {"lang": "en"})
        etag, modified = first["ETag"], first["Last-Modified"]
        assert modified == http_date(MINUTE.timestamp())
        for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
            again = client.get(url, {"lang": "en"}, **headers)
            assert again.status_code == 304 and again.content == b""
            assert again["ETag"] == etag and again["Cache-Control"] == first["Cache-Control"]
        assert client.get(url, {"lang": "nl"}, HTTP_IF_NONE_MATCH=etag).status_code == 200  # another text
        listing = client.get(API, {"type": "kennisbank.AttitudePage"})
        assert client.get(API, {"type": "kennisbank.AttitudePage"},
                          HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304

        # The block, whose title the attitude shows, is published 5 s later.
        clock.shift(5)
        block = attitude.get_parent().specific
        block.title_en = "Growing up independent"
        block.save_revision().publish()
        changed = client.get(url, {"lang": "en"}, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=modified)
        assert changed.status_code == 200 and json.loads(changed.content)["block"]["title"] == "Growing up independent"
        assert changed["ETag"] != etag and changed["Last-Modified"] == http_date(MINUTE.timestamp() + 5)
        assert client.get(url, {"lang": "en"}, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200

        # Published again within the same second: no date can tell the copies apart, so none is given.
        block.title_en = "Becoming independent"
        block.save_revision().publish()
        same_second = client.get(url, {"lang": "en"}, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"])
        assert same_second.status_code == 200 and "Last-Modified" not in same_second
        clock.shift(1)
        assert client.get(url, {"lang": "en"})["Last-Modified"] == http_date(MINUTE.timestamp() + 6)


def test_varnish_keeps_the_api_and_answers_304s_itself(live_site):
    """Through the real Varnish the suite starts (tests/live_site.py): a kept answer revalidates
    with its ETag or its Last-Modified without reaching the app."""
    url = f"{live_site.cached_url}{API}?type=kennisbank.BlockPage&lang=en"

    def fetch(**headers):
        try:
            response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30)
        except urllib.error.HTTPError as error:  # urllib counts a 304 as one
            response = error
        return response.status, response.headers, response.read()

    fetch()
    status, headers, body = fetch()
    assert (status, headers["X-Cache"]) == (200, "hit") and json.loads(body)["meta"]["total_count"] == 5
    for validator in ({"If-None-Match": headers["ETag"]}, {"If-Modified-Since": headers["Last-Modified"]}):
        status, again, body = fetch(**validator)
        assert (status, again["X-Cache"], body) == (304, "hit", b""), validator


def test_each_client_has_a_budget_per_minute(client, seeded, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    with time_machine.travel(MINUTE, tick=False) as clock:
        for _ in range(3):
            assert client.get(API).status_code == 200
        clock.shift(15)
        over = client.get(API, {"lang": "nl"})
        data = json.loads(over.content)
        assert over.status_code == 429 and over["Retry-After"] == "45" and data["retry_after"] == 45
        assert data["message"] == "Te veel verzoeken vanaf je adres. Probeer het over 45 seconden opnieuw."
        assert "s-maxage" not in over.get("Cache-Control", "")
        assert json.loads(client.get(f"{API}{BlockPage.objects.first().id}/").content)["message"] == (
            "Too many requests from your address. Try again in 45 seconds.")
        assert client.get(API, REMOTE_ADDR="192.0.2.7").status_code == 200  # another client
        clock.shift(45)  # the next minute
        assert client.get(API).status_code == 200
        # The counters' keys hold a keyed hash of the address: not the address, nor a plain hash.
        keys = {key for key in state_cache()._cache if "api-budget" in key}
        assert len(keys) == 3
        for key in keys:
            assert "127.0.0.1" not in key and hashlib.sha256(b"127.0.0.1").hexdigest()[:16] not in key
        settings.SECRET_KEY = "another-secret"
        client.get(API)
        assert len({key for key in state_cache()._cache if "api-budget" in key} - keys) == 1


def test_publishing_purges_the_api(seeded, attitude):
    urls = urls_for([attitude])
    origin = settings.PUBLIC_ORIGIN
    assert f"{origin}{API}" in urls and f"{origin}{API}{attitude.id}/" in urls


BAD_LANGUAGES = [(API, {"lang": "xx"}), (API, {"lang": ""})]
BAD_REQUESTS = [
    (API, {"limit": "abc"}),
    (API, {"limit": "1000"}),
    (API, {"limit": "-1"}),
    (API, {"offset": "-5"}),
    (API, {"offset": "9" * 30}),
    (API, {"limit": "9" * 30}),
    (API, {"child_of": "abc"}),
    (API, {"child_of": "9" * 30}),
    (API, {"child_of": "999999"}),
    (API, {"descendant_of": "9" * 20}),
    (API, {"descendant_of": "999999"}),
    (API, {"child_of": "root", "descendant_of": "root"}),
    (API, {"ancestor_of": "x"}),
    (API, {"ancestor_of": "999999"}),
    (API, {"id": "9" * 30}),
    (API, {"id": "abc"}),
    (API, {"type": "nope"}),
    (API, {"type": "auth.User"}),
    (API, {"fields": "nope"}),
    (API, {"fields": "title(x)"}),
    (API, {"fields": "title,"}),
    (API, {"fields": "title(id"}),
    (API, {"fields": "title id"}),
    (API, {"fields": "-*"}),
    (API, {"fields": "title,*"}),
    (API, {"fields": "_,-title"}),
    (API, {"fields": "*,title"}),
    (API, {"order": "nope"}),
    (API, {"order": "random,title"}),
    (API, {"order": "random", "offset": "1"}),
    (API, {"search": "grenzen"}),
    (API, {"whatever": "1"}),
    (API, {"number": "abc", "type": "kennisbank.BlockPage"}),
    (API, {"title": "\x00"}),
    (f"{API}999999/", {}),
    (f"{API}{'9' * 30}/", {}),
]


@pytest.mark.parametrize("path, params", BAD_LANGUAGES + BAD_REQUESTS)
def test_bad_parameters_get_a_4xx_with_a_message(client, seeded, path, params):
    response = client.get(path, params)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert json.loads(response.content)["message"]


@pytest.mark.parametrize("path, params", BAD_REQUESTS)
def test_errors_are_in_the_language_asked_for_else_english(client, seeded, path, params):
    """One language per message, whatever raised it (Wagtail, Django, ours): the one `lang`
    names, else English; never the general message the API gives what it does not know."""

    def message(**language):
        return json.loads(client.get(path, {**params, **language}).content)["message"]

    english, dutch, arabic = message(), message(lang="nl"), message(lang="ar")
    general = {}
    for language in ("en", "nl", "ar"):
        with translation.override(language):
            general[language] = errors.translated("a message Wagtail never wrote")
    assert message(lang="en") == english != general["en"]
    assert not ARABIC.search(english) and not ARABIC.search(dutch)
    assert dutch not in (english, general["nl"])
    assert ARABIC.search(arabic) and arabic != general["ar"]


@pytest.mark.parametrize("path, params", BAD_LANGUAGES)
def test_a_language_the_site_does_not_have_gets_english(client, seeded, path, params):
    assert get(client, path, **params)[1]["message"] == "lang must be one of: nl, en, ar"


def test_other_methods_get_a_message_too(client, seeded):
    response = client.post(API, {}, HTTP_ORIGIN="https://school.example")
    assert response.status_code == 405
    assert json.loads(response.content)["message"] == "This API only reads: it answers GET and HEAD requests."
    arabic = json.loads(client.delete(f"{API}?lang=ar").content)["message"]
    assert ARABIC.search(arabic)


@pytest.mark.parametrize("path", ["/api/v2/images/", "/api/v2/pages/find/?html_path=/nl/", "/api/v3/pages/",
                                  f"{API}abc/"])
def test_what_the_api_does_not_have_is_a_404_not_a_redirect(client, seeded, path):
    assert client.get(path).status_code == 404


def test_every_live_public_page_in_every_language(client, seeded):
    live = Page.objects.live().public().filter(depth__gte=2).count()
    for language in ("nl", "en", "ar"):
        assert get(client, lang=language, limit=1)[1]["meta"]["total_count"] == live
