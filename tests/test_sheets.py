"""Exercise sheets: an attitude's exercise as an A4 PDF in nl, en and ar, Arabic shaped and set
right to left, cached until content is published again; bad URLs are 404s."""

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from kennisbank.content import sheets
from kennisbank.content.models import AttitudePage, BlockPage

from .conftest import soup, url_in

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# What text extraction cannot be trusted with: Arabic vowel marks (drawn over their letter, so
# extracted out of place), bidi controls, and where lines wrap.
NOISE = re.compile(r"[\u064B-\u0652\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069\s]")


def comparable(text):
    return NOISE.sub("", strip_tags(text))


def sheet(client, page, language, tmp_path):
    response = client.get(f"/{language}/sheets/{page.id}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / f"{language}.pdf"
    pdf.write_bytes(response.content)
    return pdf


def pdftotext(pdf, *options):
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_a_sheet_per_language_holds_the_exercise(client, attitude, language, tmp_path):
    pdf = sheet(client, attitude, language, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "595.276 x 841.89 pts (A4)" in info
    text = comparable(pdftotext(pdf))
    exercise = getattr(attitude, f"exercises_{language}")[0].value
    block = attitude.get_parent().specific
    for expected in [getattr(attitude, f"title_{language}"), getattr(block, f"title_{language}"),
                     getattr(block, f"goal_{language}"), exercise["title"], exercise["aim"],
                     *(step.source for step in exercise["steps"])]:
        if language == "ar":
            # A word whose vowel marks sit above the line may be extracted apart from its sentence.
            assert all(comparable(word) in text for word in strip_tags(expected).split()), expected
        else:
            assert comparable(expected) in text, expected
    duration = {"nl": "20minuten", "en": "20minutes", "ar": "20دقيقة"}[language]
    assert duration in text
    assert comparable("Truus Bakker-van Zeil") in text
    if language != "ar":
        assert comparable(url_in(attitude, language)) in text


def drawn_words(line, language):
    """A line's words as pdftotext -bbox gives them, left to right as drawn: an Arabic word's
    letters come reversed."""
    return sorted(word.text[::-1] if language == "ar" else word.text for word in line.iter("word"))


def test_arabic_is_shaped_and_right_to_left(client, attitude, tmp_path):
    fonts = {}
    for language in ("nl", "ar"):
        pdf = sheet(client, attitude, language, tmp_path)
        fonts[language] = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        # Where the title sits on the page: against the left margin in Dutch, the right in Arabic.
        page = ET.fromstring(pdftotext(pdf, "-bbox-layout").replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
        title = sorted(getattr(attitude, f"title_{language}").split())
        line = next(line for line in page.iter("line") if drawn_words(line, language) == title)
        x_min, x_max = float(line.get("xMin")), float(line.get("xMax"))
        if language == "nl":
            assert x_min < 60 and x_max < 400
        else:
            assert x_max > 595 - 60 and x_min > 200
    assert "Arabic" in fonts["ar"] and "Arabic" not in fonts["nl"]  # HarfBuzz shaped it with an Arabic font


def test_sheets_have_a_picture_in_the_docs(client, attitude, tmp_path):
    for language in ("nl", "ar"):
        pdf = sheet(client, attitude, language, tmp_path)
        target = SCREENSHOTS / f"{language}-exercise-sheet"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(target)], check=True)
        assert target.with_suffix(".png").stat().st_size > 10_000


def test_the_attitude_page_links_its_sheet(client, attitude):
    for language in ("nl", "ar"):
        link = soup(client.get(url_in(attitude, language))).select_one("section.exercises .sheet-link a")
        assert link["href"] == f"/{language}/sheets/{attitude.id}.pdf"


def test_cached_until_content_is_published_again(client, attitude, tmp_path, monkeypatch):
    renders = []
    render = sheets.render_sheet
    monkeypatch.setattr(sheets, "render_sheet", lambda page, request: renders.append(page.id) or render(page, request))
    first = client.get(f"/en/sheets/{attitude.id}.pdf").content
    assert client.get(f"/en/sheets/{attitude.id}.pdf").content == first and renders == [attitude.id]
    draft = attitude.get_latest_revision_as_object()
    draft.exercises_en[0].value["aim"] = "A brand new aim for this exercise."
    revision = draft.save_revision()
    assert client.get(f"/en/sheets/{attitude.id}.pdf").content == first  # a draft changes nothing
    revision.publish()
    (tmp_path / "new.pdf").write_bytes(client.get(f"/en/sheets/{attitude.id}.pdf").content)
    assert "Abrandnewaimforthisexercise." in comparable(pdftotext(tmp_path / "new.pdf"))
    assert len(renders) == 2


def test_bad_sheet_urls_are_404(client, seeded):
    unpublished = AttitudePage.objects.get(seed_key="2.1")
    unpublished.unpublish()
    restricted = AttitudePage.objects.get(seed_key="2.2")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="secret")
    without = AttitudePage.objects.get(seed_key="2.4")
    without.exercises_nl = without.exercises_en = without.exercises_ar = []
    without.save_revision().publish()
    block = BlockPage.objects.get(number=2)
    for path in ["/nl/sheets/abc.pdf", f"/nl/sheets/{'9' * 25}.pdf", "/nl/sheets/999999999.pdf",
                 f"/nl/sheets/{block.id}.pdf", f"/en/sheets/{unpublished.id}.pdf", f"/ar/sheets/{restricted.id}.pdf",
                 f"/nl/sheets/{without.id}.pdf"]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/nl/sheets/{AttitudePage.objects.get(seed_key='2.5').id}.pdf").status_code in (403, 405)
    assert not [key for key in cache._cache if "exercise-sheet" in key]


def test_without_pango_a_sheet_is_a_clear_503_not_a_server_error(client, attitude, monkeypatch):
    def no_pango(page, request):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(sheets, "render_sheet", no_pango)
    link = soup(client.get(attitude.url)).select_one("a[href$='.pdf']")["href"]
    response = client.get(link)
    assert response.status_code == 503
    assert "De oefeningen staan op de pagina zelf" in response.content.decode()
