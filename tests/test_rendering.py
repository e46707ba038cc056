"""Every page type renders in nl, en and ar with the right language, direction and links."""

import re

import pytest

from kennisbank.content.models import AttitudePage, BlockPage

from .conftest import soup, url_in

LANGUAGES = {"nl": "ltr", "en": "ltr", "ar": "rtl"}




def pages(seeded):
    return {
        "home": seeded,
        "block": BlockPage.objects.get(number=1),
        "attitude": AttitudePage.objects.get(title_nl="Reguleren van emoties"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["home", "block", "attitude"])
def test_page_renders_with_lang_dir_and_hreflang(client, seeded, kind, language):
    page = pages(seeded)[kind]
    url = url_in(page, language)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == language
    assert html.html["dir"] == LANGUAGES[language]
    alternates = {
        link["hreflang"]: link["href"]
        for link in html.select('link[rel="alternate"][hreflang]')
    }
    assert set(alternates) == {"nl", "en", "ar", "x-default"}
    for code in LANGUAGES:
        assert alternates[code].endswith(url_in(page, code))
    assert html.select_one('link[rel="canonical"]')["href"].endswith(url)
    footer = html.select_one("footer").get_text()
    assert "Truus Bakker-van Zeil" in footer


def test_slugs_are_translated(client, seeded):
    block = BlockPage.objects.get(number=1)
    assert url_in(block, "nl") == "/nl/basisveiligheid/"
    assert url_in(block, "en") == "/en/basic-safety/"
    assert client.get("/en/basisveiligheid/").status_code == 404
    arabic = client.get(url_in(block, "ar"))
    assert arabic.status_code == 200
    assert soup(arabic).h1.get_text() == block.title_ar


def test_home_shows_five_blocks_with_number_title_goal_and_link(client, seeded):
    html = soup(client.get("/nl/"))
    items = html.select(".block-stack__item")
    assert len(items) == 5
    for number, item in enumerate(items, start=1):
        block = BlockPage.objects.get(number=number)
        assert f"Bouwsteen {number}" in item.get_text()
        assert block.title_nl in item.get_text()
        assert block.goal_nl in item.get_text()
        assert item.a["href"] == url_in(block, "nl")


def test_block_lists_attitudes_in_seed_order(client, seeded):
    block = BlockPage.objects.get(number=4)
    html = soup(client.get(url_in(block, "nl")))
    titles = [a.get_text() for a in html.select(".attitude-list li > a")]
    assert titles[:3] == [
        "Contact houden met je eigen behoeftes",
        "Duidelijk zijn over je eigen wensen: ik-boodschappen geven",
        "Het kind én jezelf serieus nemen en onderhandelen: geven en nemen",
    ]
    assert len(titles) == 9


def test_attitude_shows_breadcrumb_and_neighbours(client, seeded):
    page = AttitudePage.objects.get(title_nl="Structuur en leiding bieden")
    html = soup(client.get(url_in(page, "en")))
    crumbs = [li.get_text(strip=True) for li in html.select(".breadcrumbs li")]
    assert crumbs == ["Building blocks of attachment", "Basic safety", page.title_en]
    previous = html.select_one("a[rel=prev]")
    following = html.select_one("a[rel=next]")
    assert AttitudePage.objects.get(title_nl__startswith="Levensvoorwaarden").title_en in previous.get_text()
    following_title = AttitudePage.objects.get(title_nl="Reageren op behoeftes en signalen van het kind").title_en
    assert following_title in following.get_text()


def test_neighbours_skip_unpublished_attitudes_and_stop_at_the_ends_of_the_block(client, seeded):
    block = BlockPage.objects.get(number=1)
    first, second, third = AttitudePage.objects.child_of(block).order_by("path")[:3]
    second.unpublish()
    html = soup(client.get(url_in(first, "nl")))
    assert html.select_one("a[rel=prev]") is None
    assert html.select_one("a[rel=next]")["href"] == url_in(third, "nl")
    html = soup(client.get(url_in(third, "nl")))
    assert html.select_one("a[rel=prev]")["href"] == url_in(first, "nl")
    last = AttitudePage.objects.child_of(block).order_by("path").last()
    html = soup(client.get(url_in(last, "nl")))
    assert html.select_one("a[rel=next]") is None


def test_language_switcher_keeps_the_reader_on_the_same_page(client, seeded):
    page = AttitudePage.objects.get(title_nl="Lichamelijk contact")
    html = soup(client.get(url_in(page, "nl")))
    links = {a["hreflang"]: a for a in html.select(".language-switcher a")}
    for language in ("en", "ar"):
        # The link remembers the choice, then lands on this page in that language.
        response = client.get(links[language]["href"])
        assert response.status_code == 302 and response.url == url_in(page, language)
    assert links["nl"]["aria-current"] == "true"
    assert links["ar"]["lang"] == "ar"
    assert "aria-current" not in links["en"].attrs


def test_root_redirects_by_accept_language(client, seeded):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar").url == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == "/nl/"


def test_switcher_choice_is_remembered_and_pages_set_no_cookie(client, seeded):
    assert not client.get("/en/").cookies  # a page is the same for every reader (HTTP cache)
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl").url == "/nl/"
    client.get("/language/en/?next=/en/")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl").url == "/en/"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/en/", "/nl/", "javascript:alert(1)/en/"])
def test_language_choice_only_goes_to_this_sites_pages_in_that_language(client, seeded, target):
    response = client.get("/language/en/", {"next": target})
    assert (response.status_code, response.url) == (302, "/en/")
    assert client.get("/language/en/", {"next": "/en/search/"}).url == "/en/search/"
    assert client.get("/language/xx/", follow=True).status_code == 404


def test_examples_and_exercises_render_under_their_headings(client, seeded):
    from .factories import example, exercise

    page = AttitudePage.objects.get(title_nl="Reguleren van emoties")
    page.examples_nl = [("example", example(title="Boos bij het opruimen"))]
    page.exercises_nl = [("exercise", exercise(title="Samen ademen"))]
    page.save_revision().publish()
    html = soup(client.get(url_in(page, "nl")))
    examples = html.select_one("section.examples")
    exercises = html.select_one("section.exercises")
    assert examples.h2.get_text() == "Voorbeelden"
    assert "Boos bij het opruimen" in examples.get_text()
    assert exercises.h2.get_text() == "Oefeningen"
    assert [li.get_text() for li in exercises.select(".steps li")] == ["Ga zitten", "Adem rustig in"]
    assert re.search(r"5\s+minuten", exercises.get_text())


def test_long_attitude_lists_are_paged(client, seeded, monkeypatch):
    monkeypatch.setattr("kennisbank.content.models.block_page.ATTITUDES_PER_PAGE", 4)
    block = BlockPage.objects.get(number=4)
    first = soup(client.get(url_in(block, "nl")))
    second = soup(client.get(url_in(block, "nl") + "?page=3"))
    assert len(first.select(".attitude-list li")) == 4
    last = "Niet bang zijn om een conflict aan te gaan (conflict hanteren)"
    assert [a.get_text() for a in second.select(".attitude-list li > a")] == [last]
    assert second.select_one(".attitude-list")["start"] == "9"
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert client.get(url_in(block, "nl") + "?page=abc").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_block_lists_each_attitude_by_its_own_title_and_address(client, seeded, language):
    """The block's list is built from database rows, not pages: every title and link must be
    what the page itself shows, including one with no translation (shown in Dutch)."""
    from django.utils import translation

    block = BlockPage.objects.get(number=2)
    untranslated = AttitudePage.objects.child_of(block).order_by("path").last()
    untranslated.title_en = untranslated.title_ar = ""
    untranslated.save_revision().publish()
    attitudes = AttitudePage.objects.child_of(block).live().order_by("path")
    with translation.override(language):
        expected = [(page.title, url_in(page, language)) for page in attitudes]
    html = soup(client.get(url_in(block, language)))
    listed = [(a.get_text(), a["href"]) for a in html.select(".attitude-list li > a")]
    assert listed == expected
    assert listed[-1][0] == untranslated.title_nl
    assert all(client.get(href).status_code == 200 for _title, href in listed)


def test_the_number_of_attitude_pages_follows_publishing_and_restrictions(client, seeded, monkeypatch):
    """The count is kept per worker; publishing, unpublishing and a view restriction change it."""
    from wagtail.models import PageViewRestriction

    monkeypatch.setattr("kennisbank.content.models.block_page.ATTITUDES_PER_PAGE", 4)
    block = BlockPage.objects.get(number=4)  # nine attitudes: three pages of four

    def pages_shown():
        return soup(client.get(url_in(block, "nl"))).select_one(".pagination span").get_text()

    assert pages_shown() == "Pagina 1 van 3"
    for n in range(3):
        block.add_child(instance=AttitudePage(title_nl=f"Nieuw {n}", slug_nl=f"nieuw-{n}"))
        AttitudePage.objects.get(slug_nl=f"nieuw-{n}").save_revision().publish()
    assert pages_shown() == "Pagina 1 van 3"  # 12 attitudes
    AttitudePage.objects.get(slug_nl="nieuw-0").save_revision().publish()
    block.add_child(instance=AttitudePage(title_nl="Nieuw 3", slug_nl="nieuw-3")).save_revision().publish()
    assert pages_shown() == "Pagina 1 van 4"  # 13
    AttitudePage.objects.get(slug_nl="nieuw-3").unpublish()
    assert pages_shown() == "Pagina 1 van 3"
    PageViewRestriction.objects.create(
        page=AttitudePage.objects.get(slug_nl="nieuw-2"), restriction_type=PageViewRestriction.LOGIN
    )
    AttitudePage.objects.get(slug_nl="nieuw-3").save_revision().publish()
    assert pages_shown() == "Pagina 1 van 3"  # 13 live, one of them restricted


@pytest.mark.parametrize("language, lines, actions", [
    ("nl", ["Voor ouders", "Voor professionals"], ["Wat de ouder doet", "Wat de professional doet"]),
    ("en", ["For parents", "For professionals"], ["What the parent does", "What the professional does"]),
    ("ar", ["للوالدين", "للمختصين"], ["ما يفعله الوالد", "ما يفعله المختص"]),
])
def test_the_acting_adult_is_the_one_the_example_is_written_for(client, attitude, language, lines, actions):
    examples = soup(client.get(url_in(attitude, language))).select("article.example")
    assert [example.select_one(".audience").get_text() for example in examples] == lines
    assert [example.select("dt")[1].get_text() for example in examples] == actions


def test_dutch_names_are_marked_dutch_on_english_and_arabic_pages(client, seeded):
    for language in ("en", "ar"):
        html = soup(client.get(f"/{language}/"))
        marked = {span.get_text() for span in html.select("span[lang=nl]")}
        assert {"Bouwstenenmodel", "Truus Bakker-van Zeil"} <= marked, (language, marked)
        assert html.select_one(".intro span[lang=nl]") is not None  # in the editors' text too
    assert not soup(client.get("/nl/")).select("span[lang=nl]")
