"""Fallbacks, 404s per language, sitemap and robots.txt, and stable URLs across renames."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import set_script_prefix
from django.utils import translation

from kennisbank.content.models import AttitudePage, BlockPage

from .conftest import soup, url_in


def test_missing_translation_falls_back_to_dutch_marked_lang_nl(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.title_en = ""
    page.summary_nl = "Het kind laten leiden."
    page.summary_en = page.summary_ar = ""
    page.save_revision().publish()
    html = soup(client.get(url_in(page, "en")))
    assert html.h1.get_text() == "Volgen"
    assert html.h1["lang"] == "nl"
    assert html.select_one(".summary")["lang"] == "nl"
    assert html.select_one(".notice").get_text(strip=True) == "This text has not been translated yet."
    arabic = soup(client.get(url_in(page, "ar")))
    assert arabic.select_one(".summary")["lang"] == "nl"
    assert arabic.select_one(".notice").get_text(strip=True) == "لم يُترجم هذا النص بعد."


def test_translated_page_has_no_notice(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    html = soup(client.get(url_in(page, "en")))
    assert html.select_one(".notice") is None
    assert not html.h1.has_attr("lang")


def test_empty_translated_slug_routes_with_the_dutch_slug(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.slug_en = ""
    page.save_revision().publish()
    page.refresh_from_db()
    english = url_in(page, "en")
    assert english.endswith("/volgen/")
    assert client.get(english).status_code == 200


def test_a_block_without_a_translated_slug_routes_its_attitudes_with_the_dutch_slug(client, seeded):
    block = BlockPage.objects.get(number=2)
    attitude = AttitudePage.objects.child_of(block).first()
    assert client.get(url_in(attitude, "en")).status_code == 200
    block.slug_en = ""
    block.save_revision().publish()
    attitude.refresh_from_db()
    english = url_in(attitude, "en")
    assert f"/en/{block.slug_nl}/" in english
    response = client.get(english)
    assert response.status_code == 200
    assert attitude.title_en in response.content.decode()


@pytest.mark.parametrize("language, heading", [
    ("nl", "Pagina niet gevonden"), ("en", "Page not found"), ("ar", None),
])
def test_404_in_the_readers_language(client, seeded, language, heading):
    response = client.get(f"/{language}/bestaat-niet/")
    assert response.status_code == 404
    html = soup(response)
    assert html.html["lang"] == language
    if heading:
        assert html.h1.get_text() == heading
    else:
        assert html.html["dir"] == "rtl" and html.h1.get_text() != "Page not found"


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_page_in_every_language_with_alternates(client, seeded, settings):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert [urlsplit(section).path for section in sections] == ["/sitemap-pages.xml"]
    response = client.get("/sitemap-pages.xml")
    assert response["Content-Type"].startswith("application/xml")
    ns = SITEMAP_NS
    root = ET.fromstring(response.content)
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    # The home page, 5 blocks, 33 attitudes, 4 standing pages and the situation finder, each in
    # three languages, all on the configured public address (not the host this request used).
    assert len(locs) == (1 + 5 + 33 + 4 + 1) * 3
    assert {f"{urlsplit(loc).scheme}://{urlsplit(loc).netloc}" for loc in locs} == {settings.PUBLIC_ORIGIN}
    block = BlockPage.objects.get(number=1)
    entry = next(u for u in root.findall("s:url", ns)
                 if u.find("s:loc", ns).text.endswith(url_in(block, "en")))
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert set(alternates) == {"nl", "en", "ar", "x-default"}
    assert alternates["ar"].endswith(url_in(block, "ar"))


def test_robots_points_at_the_sitemap_and_keeps_search_out_without_naming_the_admin(client, seeded, settings):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.PUBLIC_ORIGIN}/sitemap.xml" in text
    assert "Disallow: /nl/zoeken/" in text and "Disallow: /ar/search/" in text
    assert settings.ADMIN_PATH not in text
    assert client.get(f"/{settings.ADMIN_PATH}login/")["X-Robots-Tag"] == "noindex, nofollow"


def test_renaming_a_slug_redirects_the_old_url(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    old = url_in(page, "nl")
    page.slug_nl = "het-kind-volgen"
    page.save_revision().publish()
    response = client.get(old)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/het-kind-volgen/")


def test_slug_in_one_language_is_untouched_by_editing_another(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    english_slug = page.slug_en
    with translation.override("ar"):
        page.title_ar = "المتابعة بانتباه"
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.slug_en == english_slug
    assert client.get(url_in(page, "en")).status_code == 200


def test_renaming_a_block_redirects_its_attitudes_in_every_language(client, seeded):
    block = BlockPage.objects.get(number=1)
    attitude = AttitudePage.objects.child_of(block).first()
    old = {language: url_in(attitude, language) for language in ("nl", "en", "ar")}
    for address in old.values():  # routing keeps the blocks per worker: they must not go stale
        assert client.get(address).status_code == 200
    block.slug_nl = "veilige-basis"
    block.slug_en = "safe-base"
    block.save_revision().publish()
    attitude.refresh_from_db()
    for language in ("nl", "en"):
        response = client.get(old[language])
        assert response.status_code == 301, language
        assert response["Location"].endswith(url_in(attitude, language))
    assert client.get(old["ar"]).status_code == 200  # the Arabic slug did not change
    assert client.get(url_in(attitude, "en")).status_code == 200


def test_moving_a_page_redirects_its_old_url(client, seeded):
    attitude = AttitudePage.objects.get(title_nl="Volgen")
    old = url_in(attitude, "en")
    attitude.move(BlockPage.objects.get(number=5), pos="last-child")
    attitude.refresh_from_db()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith(url_in(attitude, "en"))


@pytest.mark.parametrize("language, heading", [("nl", "Er ging iets mis"), ("en", "Something went wrong")])
def test_server_error_page_in_the_readers_language_without_traceback(
    seeded, settings, monkeypatch, language, heading
):
    from django.test import Client

    from home.models import HomePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(HomePage, "get_context", broken)
    response = Client(raise_request_exception=False).get(f"/{language}/")
    assert response.status_code == 500
    html = soup(response)
    assert html.html["lang"] == language
    assert "boom" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert html.h1.get_text() == heading


def test_links_kept_per_process_follow_the_language_and_the_prefix_the_site_is_served_under(client, seeded):
    """The search form's action and the search page's language links are kept per process
    (kennisbank.templating.url, kennisbank.core.languages.path_in_language); each language and a
    site served under a prefix (SCRIPT_NAME) still gets its own."""
    for language, search_path in (("nl", "/nl/zoeken/"), ("en", "/en/search/")):
        html = soup(client.get(f"/{language}/"))
        assert html.select_one("form.search-form")["action"] == search_path
    client.get("/nl/zoeken/", {"q": "grenzen"})
    set_script_prefix("/kb/")  # as Django's WSGI handler sets it from SCRIPT_NAME
    try:
        under_prefix = soup(client.get("/nl/zoeken/", {"q": "grenzen"}))
    finally:
        set_script_prefix("/")
    assert under_prefix.select_one("form.search-form")["action"] == "/kb/nl/zoeken/"
    alternates = {link["hreflang"]: link["href"] for link in under_prefix.select("link[rel=alternate]")}
    assert urlsplit(alternates["en"]).path == "/kb/en/search/"
    assert soup(client.get("/nl/zoeken/")).select_one("form.search-form")["action"] == "/nl/zoeken/"
