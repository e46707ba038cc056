"""The knowledge base has knowledge: every block and attitude explained, with examples and
exercises, and the standing pages, in Dutch, English and Arabic; what a reader arriving from a
search engine needs around them (descriptions, titles, the icon)."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Page

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.content.text import plain_text, shorten
from kennisbank.templating import DUTCH_NAMES

from .conftest import soup, url_in

LANGUAGES = ("nl", "en", "ar")
STANDING_PAGES = ["about-the-model", "for-professionals", "when-to-seek-help", "about-this-site"]


def words(html):
    return len(re.findall(r"\w+", unescape(strip_tags(str(html or "")))))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_block_has_an_introduction(seeded, language):
    for block in BlockPage.objects.all():
        assert 100 <= words(getattr(block, f"introduction_{language}")) <= 220, (block.number, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_attitude_is_explained_with_examples_and_exercises(seeded, language):
    attitudes = AttitudePage.objects.exclude(seed_key="")
    assert attitudes.count() == 33
    for page in attitudes:
        where = (page.seed_key, language)
        assert 8 <= words(getattr(page, f"summary_{language}")) <= 60, where
        assert 150 <= words(getattr(page, f"explanation_{language}")) <= 260, where
        examples = getattr(page, f"examples_{language}")
        assert any(example.value["audience"] == "parents" for example in examples), where
        for example in examples:
            for part in ("title", "situation", "parent_action", "why_it_helps"):
                assert words(example.value[part]), (*where, part)
        exercises = getattr(page, f"exercises_{language}")
        assert exercises, where
        for exercise in exercises:
            assert words(exercise.value["aim"]) and 3 <= len(exercise.value["steps"]) <= 5, where


def test_related_attitudes_link_across_blocks(seeded):
    pairs = [(page.seed_key, related.related.seed_key)
             for page in AttitudePage.objects.exclude(seed_key="")
             for related in page.related_attitudes.select_related("related")]
    assert len(pairs) >= 33
    assert any(a.split(".")[0] != b.split(".")[0] for a, b in pairs)


def test_the_standing_pages_exist_in_every_language(seeded):
    pages = {page.seed_key: page for page in ContentPage.objects.live()}
    assert sorted(pages) == sorted(STANDING_PAGES)
    for page in pages.values():
        for language in LANGUAGES:
            assert getattr(page, f"title_{language}") and words(getattr(page, f"body_{language}")) >= 250


def every_kind_of_page(home):
    block = BlockPage.objects.get(number=2)
    return [home, block, AttitudePage.objects.child_of(block).first(), ContentPage.objects.first()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_standing_pages_in_its_language(client, seeded, language):
    expected = {url_in(page, language) for page in ContentPage.objects.all()}
    urls = [url_in(page, language) for page in every_kind_of_page(seeded)]
    urls += [f"/{language}/search/" if language != "nl" else "/nl/zoeken/", f"/{language}/no-such-page/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        footer = soup(response).select_one("footer nav")
        assert {link["href"] for link in footer.select("a")} == expected, url
    for page_url in expected:
        assert client.get(page_url).status_code == 200


# Dutch names stay Dutch in every language, marked as such (kennisbank/templating.py).
NAMES = {name.lower() for name in DUTCH_NAMES}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_seeded_page_shows_the_not_translated_notice(client, seeded, language):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        html = soup(client.get(url_in(page, language)))
        assert html.select_one(".notice") is None, (page.title, language)
        dutch = [element for element in html.select("main [lang=nl]") if element.get_text().lower() not in NAMES]
        assert not dutch, (page.title, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_description_and_one_plain_title(client, seeded, language):
    site_name = {"nl": "Bouwstenen van hechting", "en": "Building blocks of attachment", "ar": "لبنات التعلّق"}[language]
    for page in Page.objects.live().filter(depth__gte=2).specific():
        html = soup(client.get(url_in(page, language)))
        description = html.select_one('meta[name="description"]')
        assert description is not None and len(description["content"]) >= 40, (page.title, language)
        titles = [title.get_text() for title in html.select("title")]
        own = getattr(page, f"title_{language}")
        assert titles == [site_name if page.depth == 2 else f"{own} · {site_name}"], titles


def test_attitude_pages_tell_the_models_words_from_the_editors(client, attitude):
    note = soup(client.get(attitude.url)).select_one(".source-note")
    assert "in de woorden van het Bouwstenenmodel" in note.get_text()
    assert "redactie" in note.get_text()
    assert note.a["href"] == ContentPage.objects.get(seed_key="about-this-site").url


def test_the_icon_is_where_browsers_look(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_search_pages_stay_out_of_search_engines(client, seeded):
    for url in ("/nl/zoeken/?q=grenzen", "/en/search/", "/ar/search/?q=حدود"):
        robots = soup(client.get(url)).select_one('meta[name="robots"]')
        assert robots is not None and robots["content"] == "noindex", url
    assert soup(client.get("/nl/")).select_one('meta[name="robots"]') is None


def test_the_home_page_introduces_the_model_and_credits_its_author(client, seeded):
    for language in LANGUAGES:
        assert words(getattr(HomePage.objects.get(), f"introduction_{language}")) >= 40
        assert "Truus Bakker-van Zeil" in soup(client.get(f"/{language}/")).select_one("main").get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_descriptions_fit_a_search_result_and_end_on_a_whole_word(client, seeded, language):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        description = soup(client.get(url_in(page, language))).select_one('meta[name="description"]')["content"]
        assert len(description) <= 160, (page.title, description)
        assert not re.search(r"[a-z\u0600-\u06ff][.!?][A-Z]", description), description  # paragraphs apart
        if description.endswith("…"):
            with translation.override(language):
                source = " ".join(re.sub("<[^>]+>", " ", str(getattr(page, name, "") or ""))
                                  for name in ("search_description", "summary", "introduction", "goal"))
            last_word = re.findall(r"\w+", description)[-1]
            assert re.search(rf"(?<!\w){re.escape(last_word)}(?!\w)", unescape(source)), (page.title, description)


def test_shorten_cuts_between_words_and_plain_text_keeps_paragraphs_apart():
    rich_text = "<p>Je kind mag het leren.</p><p>De houdingen&#x27; helpen</p><ul><li>een</li><li>twee</li></ul>"
    assert plain_text(rich_text) == "Je kind mag het leren. De houdingen' helpen een twee"
    assert shorten("Blijf dichtbij als je kind boos is, ook als het lang duurt", 30) == "Blijf dichtbij als je kind…"
    assert shorten("Kort genoeg", 30) == "Kort genoeg"


HELP_HEADINGS = {
    "nl": ["Direct gevaar? Bel 112", "Ernstige zorgen? Zoek dezelfde dag hulp",
           "Als je kind praat over zelfdoding of zichzelf pijn doet", "Als je kind vertelt over geweld of misbruik"],
    "en": ["In an emergency, call 112", "Seriously worried? Get help the same day",
           "If your child talks about suicide or is hurting themselves",
           "If your child tells you about violence or abuse"],
    "ar": ["في حالة الخطر الداهم: اتصل بالرقم 112", "قلق شديد؟ اطلب المساعدة في اليوم نفسه",
           "إذا تحدّث طفلك عن الانتحار أو آذى نفسه", "إذا أخبرك طفلك بعنف أو إساءة"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_page_names_the_services_and_a_same_day_route(client, seeded, language):
    page = ContentPage.objects.get(seed_key="when-to-seek-help")
    main = soup(client.get(url_in(page, language))).select_one("main")
    headings = [heading.get_text(" ", strip=True) for heading in main.select("h2")]
    assert all(heading in headings for heading in HELP_HEADINGS[language]), headings
    text = " ".join(main.get_text(" ").split())
    for needed in ("112", "huisartsenpost", "Veilig Thuis", "0800-2000", "113 Zelfmoordpreventie", "0800-0113",
                   "113.nl", "De Kindertelefoon", "0800-0432"):
        assert needed in text, needed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_risky_passages_name_the_safe_route(seeded, language):
    def attitude(key):
        return AttitudePage.objects.get(seed_key=key)

    conflict = getattr(attitude("4.9"), f"explanation_{language}")
    assert "112" in conflict and "Veilig Thuis" in conflict and "0800-2000" in conflict
    siblings = {"nl": "broertjes of zusjes", "en": "brothers or sisters", "ar": "إخوته وأخواته"}[language]
    assert siblings in getattr(attitude("1.6"), f"explanation_{language}")
    runaway = getattr(attitude("2.5"), f"examples_{language}")[1].value["parent_action"].source
    assert {"nl": "Met een collega schat hij in of er nu gevaar is",
            "en": "he judges whether there is a risk right now", "ar": "هل هناك خطر الآن"}[language] in runaway
    trip = getattr(attitude("5.1"), f"examples_{language}")[1].value
    assert "voogd" in trip["situation"].source and {"nl": "gezag", "en": "parental authority",
                                                    "ar": "السلطة الأبوية"}[language] in trip["parent_action"].source


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_this_site_lists_the_sources_and_an_attitude_shows_its_own(client, seeded, language):
    sources = ("Ainsworth, M.D.S.", "Gordon, T. (2000)", "McNeil, C.B. & Hembree-Kigin, T.L. (2010)",
               "Rosanbalm, K.D. & Murray, D.W. (2017)")
    about = ContentPage.objects.get(seed_key="about-this-site")
    about_text = soup(client.get(url_in(about, language))).select_one("main").get_text(" ")
    assert all(source in about_text for source in sources)
    i_messages = AttitudePage.objects.get(seed_key="4.2")
    page_text = soup(client.get(url_in(i_messages, language))).select_one("main").get_text(" ")
    assert "Gordon, T. (2000)" in page_text and "Rosanbalm" not in page_text
