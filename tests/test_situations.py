"""Situations: what readers see at home, per attitude and language, in their own words; shown as
"Herken je dit?", edited in the admin, loaded from their own data file, weighted high in search."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from kennisbank.content.models import AttitudePage
from search.models import SearchEntry

from .conftest import edit_data, soup, url_in
from .test_search import titles

SITUATIONS = json.loads(
    (Path(__file__).resolve().parent.parent / "kennisbank/content/data/situations.json").read_text()
)
HEADINGS = {"nl": "Herken je dit?", "en": "Does this sound familiar?", "ar": "هل يحدث هذا معك؟"}


@pytest.mark.parametrize("language", HEADINGS)
def test_situations_show_before_the_explanation(client, seeded, language):
    key = next(iter(SITUATIONS))
    page = AttitudePage.objects.get(seed_key=key)
    main = soup(client.get(url_in(page, language))).main
    section = main.select_one(".situations")
    assert section.h2.get_text(strip=True) == HEADINGS[language]
    assert [li.get_text(strip=True) for li in section.select("li")] == SITUATIONS[key][language]
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
def test_a_situation_outweighs_the_body_of_another_page(client, seeded):
    """A word only one page's body holds, written into another attitude's situations: the
    attitude with the situation comes first."""
    entries = SearchEntry.objects.filter(language="nl")
    counts = {}
    for entry in entries:
        for word in set(re.findall(r"[a-z]{9,}", entry.document)):
            counts.setdefault(word, []).append(entry)
    word, (holder,) = next((w, e) for w, e in sorted(counts.items()) if len(e) == 1
                           and w not in e[0].title.lower() and w not in e[0].keywords.lower())
    other = AttitudePage.objects.exclude(id=holder.page_id).exclude(seed_key="").first()
    other.situations_nl = f"Thuis gaat het steeds over {word}"
    other.save_revision().publish()
    assert titles(client, word)[:2] == [other.title_nl, holder.title]
