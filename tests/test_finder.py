"""The situation finder: from what a reader sees ("Mijn kind slaapt slecht") to the attitudes
that help, with their building block, in every language; curated by editors, loaded by the seed
loader, linked from the home page and from a search that found nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kennisbank.content.models import AttitudePage, BlockPage, SituationFinderPage

from .conftest import soup, url_in

DATA = json.loads((Path(__file__).resolve().parent.parent / "kennisbank/content/data/bouwstenen.json").read_text())
THEMES = DATA["finder"]["themes"]
LANGUAGES = ["nl", "en", "ar"]
SOURCE_NOTE = {
    "nl": "advies van de redactie van deze site",
    "en": "this site's editorial guidance",
    "ar": "توجيهات فريق تحرير هذا الموقع",
}


@pytest.fixture
def finder(seeded):
    return SituationFinderPage.objects.get()


def themes_on(client, url):
    html = soup(client.get(url))
    return html, [
        {
            "heading": section.h2.get_text(strip=True),
            "heading_lang": section.h2.get("lang"),
            "links": [(li.a["href"], li.a.get_text(strip=True), li.select_one(".theme__block").get_text(strip=True))
                      for li in section.select(".theme__attitudes li")],
        }
        for section in html.select("main section.theme")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_theme_leads_to_its_attitudes_with_their_block(client, finder, language):
    html, themes = themes_on(client, url_in(finder, language))
    assert [theme["heading"] for theme in themes] == [item["heading"][language] for item in THEMES]
    assert len(themes) == 9
    for theme, item in zip(themes, THEMES, strict=True):
        assert 2 <= len(theme["links"]) <= 4
        expected = []
        for key in item["attitudes"]:
            page = AttitudePage.objects.get(seed_key=key)
            block = BlockPage.objects.get(number=int(key.split(".")[0]))
            with translation.override(language):
                label = gettext("Building block %(number)s") % {"number": block.number}
                expected.append((page.url, page.title, f"{label}: {block.title}"))
        assert theme["links"] == expected
        assert theme["heading_lang"] is None  # written in this language, not a Dutch fallback
    assert SOURCE_NOTE[language] in html.select_one("main .source-note").get_text(" ")
    assert html.select_one("html")["lang"] == language


def test_finder_has_translated_addresses(finder):
    assert url_in(finder, "nl") == "/nl/wat-zie-je-bij-je-kind/"
    assert url_in(finder, "en") == "/en/what-are-you-seeing/"
    assert url_in(finder, "ar").startswith("/ar/") and "wat-zie" not in url_in(finder, "ar")


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_links_to_the_finder(client, finder, language):
    link = soup(client.get(f"/{language}/")).select_one("main .finder-link a")
    assert link["href"] == url_in(finder, language)


def test_a_search_that_found_nothing_offers_the_finder(client, finder):
    with translation.override("en"):
        search = reverse("search")
    html = soup(client.get(search, {"q": "qqqzzzxxx"}))
    assert html.select_one("main .no-results .finder-link a")["href"] == url_in(finder, "en")


def test_a_translation_without_its_own_text_or_attitudes_shows_the_dutch_marked(client, finder):
    """Attitudes chosen in Dutch show in every language; an empty English heading shows the Dutch
    one, marked as Dutch."""
    themes = list(finder.themes_en.raw_data)
    themes[0]["value"] = themes[0]["value"] | {"heading": "", "attitudes": []}
    finder.themes_en = themes
    finder.save_revision().publish()
    html, shown = themes_on(client, url_in(finder, "en"))
    assert shown[0]["heading"] == THEMES[0]["heading"]["nl"]
    assert shown[0]["heading_lang"] == "nl"
    with translation.override("en"):
        expected = [AttitudePage.objects.get(seed_key=key).url for key in THEMES[0]["attitudes"]]
    assert [href for href, _title, _block in shown[0]["links"]] == expected
    assert html.select_one("main .notice")  # "This text has not been translated yet."


def test_an_unpublished_attitude_is_not_listed(client, finder):
    hidden = AttitudePage.objects.get(seed_key=THEMES[0]["attitudes"][0])
    hidden.unpublish()
    _html, shown = themes_on(client, url_in(finder, "nl"))
    assert hidden.title_nl not in [title for _href, title, _block in shown[0]["links"]]
    assert len(shown[0]["links"]) == len(THEMES[0]["attitudes"]) - 1


def test_publishing_an_attitude_purges_the_finder(finder):
    attitude = AttitudePage.objects.get(seed_key="1.3")
    assert finder.id in {page.id for page in attitude.pages_to_purge()}


def test_the_loader_keeps_an_editors_themes(finder):
    themes = list(finder.themes_ar.raw_data)
    themes[1]["value"] = themes[1]["value"] | {"heading": "طفلي يغضب كثيرًا"}
    finder.themes_ar = themes
    finder.save_revision().publish()
    revision = SituationFinderPage.objects.get().latest_revision_id
    call_command("load_bouwstenen", verbosity=0)
    finder = SituationFinderPage.objects.get()
    assert finder.latest_revision_id == revision
    assert finder.themes_ar[1].value["heading"] == "طفلي يغضب كثيرًا"


def test_translators_files_carry_the_themes(finder, tmp_path):
    """The themes' headings and texts go through the translator files like every other text; the
    attitudes chosen stay as they are."""
    import polib

    path = tmp_path / "en.po"
    call_command("export_translations", "en", output=str(path))
    po = polib.pofile(str(path))
    heading = next(item for item in po if item.msgctxt == f"page/{finder.id}/themes/0/heading")
    assert heading.msgid == THEMES[0]["heading"]["nl"] and heading.msgstr == THEMES[0]["heading"]["en"]
    heading.msgstr = "My child sleeps badly"
    po.save(str(path))
    call_command("import_translations", str(path), verbosity=0)
    draft = SituationFinderPage.objects.get().get_latest_revision_as_object()
    assert draft.themes_en[0].value["heading"] == "My child sleeps badly"
    assert draft.themes_en[0].value["text"] == THEMES[0]["text"]["en"]
    assert [page.id for page in draft.themes_en[0].value["attitudes"]] == [
        AttitudePage.objects.get(seed_key=key).id for key in THEMES[0]["attitudes"]]


def test_editors_curate_the_themes_in_the_admin(admin_client, finder):
    """A theme with its attitudes, made in the admin's form: a heading, a text and page choosers
    that offer attitudes only."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    home = finder.get_parent()
    finder.delete()  # one finder may exist
    attitudes = [AttitudePage.objects.get(seed_key=key) for key in ("1.6", "3.5")]
    theme = {"heading": "Mijn kind slaat", "text": "Je kind slaat als het boos is.",
             "attitudes": {"count": 2} | {str(i): {"value": page.id, "deleted": "", "order": str(i)}
                                          for i, page in enumerate(attitudes)}}
    data = nested_form_data({
        "title_nl": "Wat zie je?", "slug_nl": "wat-zie-je", "introduction_nl": "Kies.",
        "themes_nl": streamfield([("theme", theme)]), "themes_en": streamfield([]), "themes_ar": streamfield([]),
    })
    add = reverse("wagtailadmin_pages:add", args=["kennisbank", "situationfinderpage", home.id])
    assert admin_client.post(add, data).status_code == 302
    made = SituationFinderPage.objects.child_of(home).get().get_latest_revision_as_object()
    assert made.themes_nl[0].value["heading"] == "Mijn kind slaat"
    assert [page.id for page in made.themes_nl[0].value["attitudes"]] == [page.id for page in attitudes]
    form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[made.id])).content.decode()
    assert "kennisbank.attitudepage" in form.lower()  # the choosers offer attitudes only
