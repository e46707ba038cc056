"""The terminology check keeps the wording fixed: docs/glossary.md's renderings to avoid, one
quotation style per language, tanween in Arabic; on the data file, on the database
(manage.py check_terms) and in the Translations report."""

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from kennisbank.content.models import AttitudePage
from kennisbank.content.terminology import GLOSSARY, GlossaryError, check, data_texts, read_glossary

DATA = json.loads(
    (Path(__file__).resolve().parent.parent / "kennisbank/content/data/bouwstenen.json").read_text()
)


def attitude_of(data, key):
    block, position = key.split(".")
    return data["blocks"][int(block) - 1]["attitudes"][int(position) - 1]


def findings_with(change):
    """The check's findings on a copy of the data file that `change` altered."""
    data = copy.deepcopy(DATA)
    change(data)
    with translation.override("en"):  # the findings' wording, as check_terms prints it
        return [(finding.where, finding.field, finding.problem) for finding in check(data_texts(data))]


def test_the_data_file_passes_the_check():
    assert check(data_texts(DATA)) == []


def test_the_glossary_has_renderings_to_avoid_in_english_and_arabic():
    glossary = read_glossary()
    assert ("foster carer", "pleegouder") in glossary.avoid["en"]
    assert ("التسمية", "benoemen") in glossary.avoid["ar"]
    assert glossary.quotes == {"nl": ("‘", "’"), "en": ("‘", "’"), "ar": ("«", "»")}


def test_a_planted_avoided_rendering_is_named_with_its_attitude_and_field():
    def plant(data):
        attitude_of(data, "3.3")["explanation"]["en"][1] += " Their foster carers help."
        attitude_of(data, "3.6")["explanation"]["ar"][0] += " والتسمية مهمة."
    found = findings_with(plant)
    assert ("3.3", "explanation_en", "avoided rendering “foster carers” (glossary: pleegouder)") in found
    assert any(where == "3.6" and field == "explanation_ar" and "التسمية" in problem
               for where, field, problem in found)
    assert len(found) == 2


def test_mixed_quotation_marks_are_found_in_each_language():
    def plant(data):
        attitude_of(data, "1.1")["summary"]["nl"] += " Zeg dan: 'Ik ben er.'"
        attitude_of(data, "1.1")["summary"]["en"] += " Say: “I'm here.”"
        attitude_of(data, "1.1")["summary"]["ar"] += " قل له: \"أنا هنا\"."
        attitude_of(data, "1.2")["summary"]["ar"] += " قل له: «أنا هنا.»"
    found = {(where, field): problem for where, field, problem in findings_with(plant)}
    assert found[("1.1", "summary_nl")] == "quotation marks '…' where the site writes ‘…’"
    assert found[("1.1", "summary_en")] == "quotation marks “ ” where the site writes ‘…’"
    assert found[("1.1", "summary_ar")] == "quotation marks \" where the site writes «…»"
    assert found[("1.2", "summary_ar")] == "a full stop before »: the site puts it after the closing mark"


def test_an_elision_and_the_sources_own_spelling_are_not_quotation_marks():
    def plant(data):
        attitude_of(data, "2.2")["summary"]["nl"] += " Dat merk je 's avonds."
    assert findings_with(plant) == []
    assert "'invullen'" in attitude_of(DATA, "3.4")["title"]["nl"]  # the source's words, verbatim


def test_a_typographic_apostrophe_is_found():
    def plant(data):
        attitude_of(data, "2.1")["summary"]["en"] += " Don’t rush."
    assert findings_with(plant) == [("2.1", "summary_en", "the apostrophe ’ where the site writes '")]


def test_a_word_without_tanween_that_the_texts_write_with_it_is_found():
    def plant(data):
        attitude_of(data, "5.2")["summary"]["ar"] += " وهذا مهم أيضا."
    assert findings_with(plant) == [("5.2", "summary_ar", "without tanween: أيضا (أيضًا)")]


def test_a_glossary_without_its_punctuation_table_is_a_clear_error(tmp_path):
    broken = tmp_path / "glossary.md"
    broken.write_text(GLOSSARY.read_text(encoding="utf-8").replace("## Punctuation", "## Other"), encoding="utf-8")
    with pytest.raises(GlossaryError, match="has no section '## Punctuation'"):
        read_glossary(broken)


def test_check_terms_passes_on_the_seeded_database_and_names_a_planted_term(seeded, capsys):
    call_command("check_terms")
    assert "No findings in" in capsys.readouterr().out
    page = AttitudePage.objects.get(seed_key="3.6")
    page.explanation_ar = "<p>التسمية هي أن تقول ما يحدث.</p>"
    page.save_revision().publish()
    with translation.override("nl"), pytest.raises(CommandError, match=r"1 finding\(s\) in 1 page\(s\)"):
        call_command("check_terms")  # in the site's default language, as an editor runs it
    out = capsys.readouterr().out
    assert "3.6 Benoemen · explanation_ar: te vermijden vertaling “التسمية” (woordenlijst: benoemen)" in out


def test_the_translations_report_shows_the_findings_per_page(client, admin_user, seeded):
    from wagtail.users.models import UserProfile

    page = AttitudePage.objects.get(seed_key="5.1")
    page.summary_en = "Letting go, with your foster carers' help."
    page.save_revision().publish()
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"  # the report's headings and findings in English
    profile.save()
    client.force_login(admin_user)
    response = client.get(reverse("kennisbank_translations"), {"export": "csv", "language": "en"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    terminology = rows[0].index("Terminology")
    by_page = {row[0]: row[terminology] for row in rows[1:]}
    assert by_page[page.title_nl] == "Summary: avoided rendering “foster carers” (glossary: pleegouder)"
    assert sum(1 for value in by_page.values() if value) == 1
