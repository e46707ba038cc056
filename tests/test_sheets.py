"""Exercise sheets: an attitude's exercise as an A4 PDF in nl, en and ar, Arabic shaped and set
right to left with its web address left to right, tagged for screen readers (PDF/UA), cached
until content is published again and kept by the HTTP cache until its page is published; bad
URLs are 404s."""

import json
import re
import subprocess
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction

from kennisbank.caching.purge import pages_affected_by, urls_for
from kennisbank.content import sheets
from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.core.languages import page_urls

from .conftest import soup, url_in

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# What text extraction cannot be trusted with: Arabic vowel marks (drawn over their letter, so
# extracted out of place), bidi controls, and where lines wrap.
NOISE = re.compile(r"[\u064B-\u0652\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069\s]")
ARABIC = re.compile(r"[\u0600-\u06FF]")


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


def layout(pdf):
    """The page as pdftotext -bbox-layout lays it out: blocks, lines and words with positions."""
    return ET.fromstring(pdftotext(pdf, "-bbox-layout").replace('xmlns="http://www.w3.org/1999/xhtml"', ""))


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
        page = layout(pdf)
        title = sorted(getattr(attitude, f"title_{language}").split())
        line = next(line for line in page.iter("line") if drawn_words(line, language) == title)
        x_min, x_max = float(line.get("xMin")), float(line.get("xMax"))
        if language == "nl":
            assert x_min < 60 and x_max < 400
        else:
            assert x_max > 595 - 60 and x_min > 200
    assert "Arabic" in fonts["ar"] and "Arabic" not in fonts["nl"]  # HarfBuzz shaped it with an Arabic font


def test_the_arabic_sheet_gives_its_address_left_to_right(client, attitude, tmp_path):
    """The address reads as a browser's address bar shows it, origin first, its Arabic slugs in
    order; each Arabic slug itself runs right to left."""
    address = unquote(page_urls(attitude, full=True)["ar"])
    origin = address.split("/ar/")[0]
    drawn = next(word.text for word in layout(sheet(client, attitude, "ar", tmp_path)).iter("word")
                 if word.text.startswith(origin))
    read = "/".join(part[::-1] if ARABIC.search(part) else part for part in drawn.split("/"))
    assert read == address


def test_the_sheet_is_tagged_for_screen_readers(client, attitude, tmp_path, caplog):
    """PDF/UA-1, as poppler reads it: a structure tree with the title and the exercise as
    headings and the steps as list items; WeasyPrint finds nothing PDF/UA needs missing (the
    QR code's description, the document's language)."""
    for language in ("nl", "ar"):
        pdf = sheet(client, attitude, language, tmp_path)
        info, metadata, structure = (
            subprocess.run(["pdfinfo", *option, str(pdf)], check=True, capture_output=True, text=True).stdout
            for option in ([], ["-meta"], ["-struct-text"]))
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert 'pdfuaid:part="1"' in metadata
        # poppler gives Arabic text in the order it is drawn, right to left: reversed.
        headings = [(tag, text[::-1] if language == "ar" else text) for tag, text in re.findall(
            r"^\s*(H[123]) \(block\)\n\s*Span \(inline\)\n\s*\"(.*)\"$", structure, re.M)]
        exercise = getattr(attitude, f"exercises_{language}")[0].value
        assert headings[:2] == [("H1", getattr(attitude, f"title_{language}")),
                                ("H2", f"{'Oefening' if language == 'nl' else 'تمرين'}: {exercise['title']}")]
        assert len(re.findall(r"^\s*LI \(block\)$", structure, re.M)) == len(exercise["steps"])
        assert re.search(r"^\s*Figure:$", structure, re.M)
    assert not [record for record in caplog.records if record.name == "weasyprint" and record.levelname == "ERROR"]


def test_the_http_cache_keeps_a_sheet_like_a_page(client, attitude):
    page = client.get(url_in(attitude, "en"))
    response = client.get(f"/en/sheets/{attitude.id}.pdf")
    assert "s-maxage" in page["Cache-Control"]
    assert response["Cache-Control"] == page["Cache-Control"] and not response.cookies


def test_a_publish_purges_the_sheets_it_changes(attitude):
    """The attitude's sheet in every language goes when the attitude or its block (whose title
    and goal the sheet shows) is published."""
    sheets_in = {language: f"{url.split(f'/{language}/')[0]}/{language}/sheets/{attitude.id}.pdf"
                 for language, url in page_urls(attitude, full=True).items()}
    for changed in (attitude, attitude.get_parent()):
        assert set(sheets_in.values()) <= urls_for(pages_affected_by(changed)), changed


def fetch(url):
    """(status, X-Cache, body) of a GET through Varnish."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.headers.get("X-Cache"), response.read()


def test_varnish_keeps_a_sheet_until_its_page_or_block_is_published(live_site, tmp_path):
    """Against the real Varnish the suite starts (tests/live_site.py), as tests/test_http_cache.py."""
    ids = live_site.shell(
        "from kennisbank.content.models import AttitudePage; page = AttitudePage.objects.get(seed_key='4.8'); "
        "print(page.id, page.get_parent().id)"
    ).split()
    page_id, block_id = ids[-2], ids[-1]
    urls = {language: f"{live_site.cached_url}/{language}/sheets/{page_id}.pdf" for language in ("nl", "en", "ar")}
    for url in urls.values():
        fetch(url)
        status, cache, _body = fetch(url)
        assert (status, cache) == (200, "hit")

    def publish_goal(goal):
        live_site.shell(
            "from kennisbank.content.models import BlockPage; "
            f"block = BlockPage.objects.get(id={block_id}).get_latest_revision_as_object(); "
            f"block.goal_en = {goal!r}; block.save_revision().publish()"
        )

    original = json.loads(live_site.shell(
        f"import json; from kennisbank.content.models import BlockPage; "
        f"print(json.dumps(BlockPage.objects.get(id={block_id}).goal_en))"
    ).strip().splitlines()[-1])
    try:
        publish_goal("A brand new goal for this block.")
        for language, url in urls.items():
            status, cache, _body = fetch(url)
            assert (status, cache) == (200, "miss"), language
        (tmp_path / "en.pdf").write_bytes(fetch(urls["en"])[2])
        assert "Abrandnewgoalforthisblock." in comparable(pdftotext(tmp_path / "en.pdf"))
    finally:
        publish_goal(original)
    fetch(urls["nl"])
    assert fetch(urls["nl"])[1] == "hit"
    live_site.shell(  # the attitude itself, published again unchanged
        "from kennisbank.content.models import AttitudePage; "
        f"AttitudePage.objects.get(id={page_id}).get_latest_revision().publish()"
    )
    assert fetch(urls["nl"])[1] == "miss"


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
