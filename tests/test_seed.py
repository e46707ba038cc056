"""The seed loader: verbatim Dutch source text, idempotent, never overwrites editors' work."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Page

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, RelatedAttitude, SituationFinderPage
from kennisbank.content.seed import with_situations
from kennisbank.content.seed_values import comparable, pages_of
from kennisbank.core.languages import localized

from .conftest import url_in

DATA_DIR = Path(__file__).resolve().parent.parent / "kennisbank/content/data"
# What load_bouwstenen loads: the data file with each attitude's situations.
DATA = with_situations(json.loads((DATA_DIR / "bouwstenen.json").read_text()),
                       json.loads((DATA_DIR / "situations.json").read_text()))
# The seed's own words, as they stand in the source document (line breaks joined).
GOALS = [
    "meer Basisveiligheid",
    "meer vertrouwen in de ander en openheid",
    "opdoen van vertrouwen door zelf te kunnen exploreren en ervaringen hierbij te kunnen "
    "delen, hulp kunnen vragen",
    "zelfstandig worden",
    "zelfstandig eigen problemen kunnen oplossen en initiatieven nemen",
]
ATTITUDES_PER_BLOCK = [7, 9, 6, 9, 2]


def text_of(client, url):
    html = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return " ".join(html.select_one("main").get_text(" ").split())


def test_data_file_holds_33_attitudes_in_five_blocks():
    assert [len(block["attitudes"]) for block in DATA["blocks"]] == ATTITUDES_PER_BLOCK
    assert [block["goal"]["nl"] for block in DATA["blocks"]] == GOALS


def test_every_goal_and_attitude_appears_verbatim_on_the_dutch_site(client, seeded):
    home_text = text_of(client, "/nl/")
    for block_data, goal in zip(DATA["blocks"], GOALS, strict=True):
        assert goal in home_text
        block = BlockPage.objects.get(number=block_data["number"])
        block_text = text_of(client, block.url)
        assert goal in block_text
        for attitude in block_data["attitudes"]:
            assert attitude["title"]["nl"] in block_text
    attitudes = AttitudePage.objects.live()
    assert attitudes.count() == 33
    for attitude in attitudes:
        assert attitude.title_nl in text_of(client, attitude.url)


def test_ik_boodschappen_is_its_own_attitude(seeded):
    page = AttitudePage.objects.get(title_nl__startswith="Duidelijk zijn over je eigen wensen")
    assert page.get_parent().specific.number == 4


def snapshot():
    return sorted(
        (page.id, page.path, page.title_nl, page.title_en, page.title_ar, page.slug_nl,
         page.slug_en, page.slug_ar, page.live, page.latest_revision_id)
        for page in Page.objects.all()
    )


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    call_command("load_bouwstenen", verbosity=0)
    assert snapshot() == before


def test_editor_changes_and_additions_survive_a_rerun(seeded):
    block = BlockPage.objects.get(number=2)
    block.goal_en = "Edited by an editor"
    block.save_revision().publish()
    attitude = AttitudePage.objects.get(title_nl="Volgen")
    attitude.title_nl = "Volgen (aangepast)"
    attitude.slug_nl = "volgen-aangepast"
    attitude.save_revision().publish()
    added = block.add_child(instance=AttitudePage(title="Nieuwe houding", slug="nieuw"))
    call_command("load_bouwstenen", verbosity=0)
    assert BlockPage.objects.get(number=2).goal_en == "Edited by an editor"
    assert AttitudePage.objects.filter(title_nl="Volgen").count() == 0
    assert AttitudePage.objects.get(id=attitude.id).title_nl == "Volgen (aangepast)"
    assert AttitudePage.objects.filter(id=added.id).exists()
    assert AttitudePage.objects.count() == 34


def test_situations_data_names_seed_attitudes_in_every_language():
    situations = json.loads((DATA_DIR / "situations.json").read_text())
    keys = {f"{block['number']}.{n}" for block in DATA["blocks"] for n in range(1, len(block["attitudes"]) + 1)}
    assert situations and set(situations) <= keys
    for by_language in situations.values():
        assert {language: bool(lines) and all(line.strip() for line in lines)
                for language, lines in by_language.items()} == {"nl": True, "en": True, "ar": True}


def test_unreadable_data_file_is_a_clear_error(tmp_path, seeded):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read seed data"):
        call_command("load_bouwstenen", file=str(broken))


def test_source_credit_in_every_language(client, seeded):
    credits = {
        "nl": "Het Bouwstenenmodel is ontwikkeld door Truus Bakker-van Zeil, psychotherapeut en orthopedagoog",
        "en": "The Building Blocks model (Bouwstenenmodel) was developed by Truus Bakker-van Zeil",
        "ar": "Truus Bakker-van Zeil",
    }
    for language, credit in credits.items():
        footer = BeautifulSoup(client.get(f"/{language}/").content.decode(), "html.parser").footer
        assert credit in re.sub(r"\s+", " ", footer.get_text())


def test_a_database_seeded_with_titles_only_gets_the_texts_field_by_field(client, seeded):
    """What an earlier loader left (titles, slugs and keywords as it wrote them, no texts) is
    brought up to date; a field an editor changed since is kept."""
    previous = json.loads((DATA_DIR / "previous.json").read_text())["attitudes"]
    for page in AttitudePage.objects.exclude(seed_key=""):
        for column, values in previous.get(page.seed_key, {}).items():
            setattr(page, column, values[0])
        for language in ("nl", "en", "ar"):
            for field, empty in (("summary", ""), ("explanation", ""), ("examples", []), ("exercises", [])):
                setattr(page, f"{field}_{language}", empty)
        page.save_revision().publish()
    RelatedAttitude.objects.all().delete()
    edited = AttitudePage.objects.get(seed_key="2.3")
    edited.title_en = "Following, as our editor put it"
    edited.save_revision().publish()
    old_english_url = url_in(AttitudePage.objects.get(seed_key="5.1"), "en")

    call_command("load_bouwstenen", verbosity=0)

    upgraded = AttitudePage.objects.get(seed_key="5.1")
    assert upgraded.title_en == "Trusting your child enough to let them go"
    assert upgraded.summary_ar and len(upgraded.examples_en) >= 1 and len(upgraded.exercises_nl) >= 1
    assert client.get(old_english_url).url == url_in(upgraded, "en")  # the old address redirects
    assert AttitudePage.objects.get(seed_key="2.3").title_en == "Following, as our editor put it"
    assert AttitudePage.objects.get(seed_key="2.3").summary_en  # its other fields were filled
    assert RelatedAttitude.objects.filter(page=upgraded).exists()


def test_a_database_seeded_before_the_corrections_gets_them_and_keeps_an_editors_change(client, seeded):
    """A database whose fields still hold what an earlier loader wrote (the last value per column
    in data/previous.json: main's texts before issue 25, rich text and examples included, and the
    situations before more were written for issue 29) is
    brought up to the data file; a field an editor changed since keeps the editor's text; a
    second run changes nothing."""
    previous = json.loads((DATA_DIR / "previous.json").read_text())
    pages = {("home", "home"): HomePage.objects.get()}
    pages |= {("blocks", str(block.number)): block for block in BlockPage.objects.all()}
    pages |= {("attitudes", page.seed_key): page for page in AttitudePage.objects.exclude(seed_key="")}
    pages |= {("pages", page.seed_key): page for page in ContentPage.objects.all()}
    pages[("finder", "finder")] = SituationFinderPage.objects.get()
    for (section, key), page in pages.items():
        for column, values in previous.get(section, {}).get(key, {}).items():
            setattr(page, column, values[-1])
        page.save_revision().publish()
    help_page = ContentPage.objects.get(seed_key="when-to-seek-help")
    assert "Veilig Thuis" not in help_page.body_nl  # as it was before the corrections
    help_page.body_en = "<p>Our own list of help lines.</p>"  # an editor's change
    help_page.save_revision().publish()

    call_command("load_bouwstenen", verbosity=0)

    differ = []
    for section, key, model, values in pages_of(DATA):
        page = model.objects.get(pk=pages[(section, key)].pk)
        for name, by_language in values.items():
            for language, value in by_language.items():
                column = localized(name, language)
                if comparable(model, column, getattr(page, column)) != comparable(model, column, value):
                    differ.append((key, column))
    assert differ == [("when-to-seek-help", "body_en")]
    assert "Veilig Thuis" in text_of(client, url_in(help_page, "nl"))
    assert "Our own list of help lines." in text_of(client, url_in(help_page, "en"))

    before = snapshot()
    call_command("load_bouwstenen", verbosity=0)
    assert snapshot() == before
