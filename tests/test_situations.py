"""Situations: what readers see at home, per attitude and language, in their own words; shown as
"Herken je dit?", edited in the admin, loaded from their own data file, found by search."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from kennisbank.content.models import AttitudePage

from .conftest import edit_data, soup, url_in
from .test_search import results

SITUATIONS = json.loads(
    (Path(__file__).resolve().parent.parent / "kennisbank/content/data/situations.json").read_text()
)
HEADINGS = {"nl": "Herken je dit?", "en": "Does this sound familiar?", "ar": "هل يحدث هذا معك؟"}
MORE = {"nl": "Meer situaties", "en": "More situations", "ar": "مواقف أخرى"}


@pytest.mark.parametrize("language", HEADINGS)
def test_situations_show_before_the_explanation(client, seeded, language):
    key = next(iter(SITUATIONS))
    page = AttitudePage.objects.get(seed_key=key)
    main = soup(client.get(url_in(page, language))).main
    section = main.select_one(".situations")
    assert section.h2.get_text(strip=True) == HEADINGS[language]
    lines = SITUATIONS[key][language]
    assert [li.get_text(strip=True) for li in section.select("li")] == lines
    # Six at a glance, the rest behind "More situations": the explanation stays near on a phone.
    assert len(lines) > 6
    assert [li.get_text(strip=True) for li in section.select(":scope > ul > li")] == lines[:6]
    assert section.details.summary.get_text(strip=True) == MORE[language]
    sections = main.select(".situations, .explanation")
    assert sections[0] is section and len(sections) == 2


def test_the_loader_fills_missing_situations_and_keeps_an_editors(seeded):
    """A database seeded before situations existed gets them on the next run; what an editor
    wrote stays."""
    first, second = list(SITUATIONS)[:2]
    for page in AttitudePage.objects.filter(seed_key__in=[first, second]):
        page.situations_nl = page.situations_en = page.situations_ar = ""
        page.save_revision().publish()
    edited = AttitudePage.objects.get(seed_key=second)
    edited.situations_nl = "Mijn kind zegt geen woord tegen de buren"
    edited.save_revision().publish()

    call_command("load_bouwstenen", verbosity=0)

    filled = AttitudePage.objects.get(seed_key=first)
    assert {language: getattr(filled, f"situations_{language}").splitlines() for language in HEADINGS} \
        == SITUATIONS[first]
    kept = AttitudePage.objects.get(seed_key=second)
    assert kept.situations_nl == "Mijn kind zegt geen woord tegen de buren"
    assert kept.situations_en.splitlines() == SITUATIONS[second]["en"]


def test_editors_write_situations_in_the_admin(client, admin_user, attitude):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[attitude.id])
    assert soup(client.get(url)).select_one('textarea[name="situations_ar"]') is not None
    data = edit_data(attitude, attitude.title_nl) | {"situations_nl": "Hij wil niet naar bed\nZe zeurt"}
    response = client.post(url, data | {"action-publish": "publish"})
    assert response.status_code == 302
    assert AttitudePage.objects.get(id=attitude.id).situation_list() == ["Hij wil niet naar bed", "Ze zeurt"]


@pytest.mark.postgres
@pytest.mark.parametrize("language, situation, query", [
    ("nl", "Mijn dochter wil elke dag naar de trampoline", "trampoline"),
    ("ar", "ابنتي تريد القفز على الترامبولين كل يوم", "الترامبولين"),
])
def test_a_situation_finds_its_attitude_and_is_shown_as_the_excerpt(client, seeded, language, situation, query):
    """Words only a situation holds find the attitude, and the result shows that situation."""
    assert results(client, query, language)[0] == []
    page = AttitudePage.objects.get(seed_key="3.3")
    setattr(page, f"situations_{language}", f"{getattr(page, f'situations_{language}')}\n{situation}")
    page.save_revision().publish()
    (found,), _html = results(client, query, language)
    assert found["url"] == url_in(page, language)
    snippet = BeautifulSoup(found["html"], "html.parser").select_one(".search-result__snippet")
    assert " ".join(snippet.get_text().split()) == situation
