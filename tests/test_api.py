"""The read-only JSON API: blocks, attitudes and standing pages per language, fallbacks marked,
rich text sanitised, every language's URL, the review and the licence; paginated, cacheable,
open to other sites (CORS for GET); never a draft, an unpublished or a restricted page."""

import json

import pytest
from django.conf import settings
from wagtail.models import Page, PageViewRestriction

from kennisbank.caching.purge import urls_for
from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.languages import page_urls

API = "/api/v2/pages/"


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
    assert exercise["steps"][0].startswith("<p>") and exercise["duration"] == attitude.exercises_ar[0].value["duration"]
    example = data["examples"][0]
    assert {"title", "situation", "parent_action", "why_it_helps", "audience", "image"} <= set(example)
    assert data["review"] == {
        "last_reviewed_on": "2026-11-29", "next_review_on": "2027-11-29", "language": "ar",
        "reviewed_by": "فريق تحرير هذا الموقع", "sources": data["review"]["sources"],
    }
    assert "Truus Bakker-van Zeil" in data["review"]["sources"]


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
    assert client.post(API, {}, HTTP_ORIGIN="https://school.example").status_code in (403, 405)
    error = client.get(API, {"lang": "xx"})
    assert error.status_code == 400 and "s-maxage" not in error.get("Cache-Control", "")


def test_publishing_purges_the_api(seeded, attitude):
    urls = urls_for([attitude])
    origin = settings.PUBLIC_ORIGIN
    assert f"{origin}{API}" in urls and f"{origin}{API}{attitude.id}/" in urls


@pytest.mark.parametrize("path, params", [
    (API, {"lang": "xx"}),
    (API, {"lang": ""}),
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
    (API, {"ancestor_of": "x"}),
    (API, {"id": "9" * 30}),
    (API, {"id": "abc"}),
    (API, {"type": "nope"}),
    (API, {"type": "auth.User"}),
    (API, {"fields": "nope"}),
    (API, {"fields": "title(x)"}),
    (API, {"order": "nope"}),
    (API, {"search": "grenzen"}),
    (API, {"whatever": "1"}),
    (API, {"number": "abc", "type": "kennisbank.BlockPage"}),
    (API, {"title": "\x00"}),
    (f"{API}999999/", {}),
    (f"{API}{'9' * 30}/", {}),
])
def test_bad_parameters_get_a_4xx_with_a_message(client, seeded, path, params):
    response = client.get(path, params)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert json.loads(response.content)["message"]


@pytest.mark.parametrize("path", ["/api/v2/images/", "/api/v2/pages/find/?html_path=/nl/", "/api/v3/pages/",
                                  f"{API}abc/"])
def test_what_the_api_does_not_have_is_a_404_not_a_redirect(client, seeded, path):
    assert client.get(path).status_code == 404


def test_every_live_public_page_in_every_language(client, seeded):
    live = Page.objects.live().public().filter(depth__gte=2).count()
    for language in ("nl", "en", "ar"):
        assert get(client, lang=language, limit=1)[1]["meta"]["total_count"] == live
