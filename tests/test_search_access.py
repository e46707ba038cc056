"""Readers only find what they may open: pages behind a view restriction (password, login,
groups), and the pages below them, are in no search result, suggestion or count, in any language."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from kennisbank.content.models import AttitudePage, BlockPage
from search.models import SearchEntry

from .conftest import soup


def search(client, language, query):
    with translation.override(language):
        html = soup(client.get(reverse("search"), {"q": query}))
        suggestions = client.get(reverse("search_suggest"), {"q": query}).json()["suggestions"]
    return (
        [" ".join(item.a.get_text().split()) for item in html.select(".search-result")],
        " ".join(a.get_text(" ", strip=True) for a in html.select(".facets a")),
        [s["title"] for s in suggestions],
    )


def restrict(page, kind):
    restriction = PageViewRestriction(page=page, restriction_type=kind)
    if kind == PageViewRestriction.PASSWORD:
        restriction.password = "geheim-wachtwoord"
    restriction.save()
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Eindredactie"))
    return restriction


@pytest.mark.parametrize("kind", [
    PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS,
])
def test_restricted_pages_are_not_found(client, seeded, kind):
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    for language in ("nl", "en", "ar"):
        title = getattr(page, f"title_{language}")
        found, _facets, suggested = search(client, language, title)
        assert title in found and title in suggested
    restriction = restrict(page, kind)
    assert not SearchEntry.objects.filter(page=page).exists()
    for language in ("nl", "en", "ar"):
        title = getattr(page, f"title_{language}")
        found, _facets, suggested = search(client, language, title)
        assert title not in found and title not in suggested
    restriction.delete()
    found, _facets, _suggested = search(client, "nl", page.title_nl)
    assert page.title_nl in found


def test_pages_below_a_restricted_block_are_not_counted(client, seeded):
    block = BlockPage.objects.get(number=4)
    _found, facets, _suggested = search(client, "nl", "grenzen")
    assert "Bouwsteen 4" in facets
    restrict(block, PageViewRestriction.LOGIN)
    found, facets, suggested = search(client, "nl", "grenzen")
    assert "Bouwsteen 4" not in facets
    below = set(block.get_descendants(inclusive=True).values_list("title_nl", flat=True))
    assert not below & set(found) and not below & set(suggested)
    # Publishing a page below the restriction does not bring it back.
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    page.save_revision().publish()
    assert not SearchEntry.objects.filter(page=page).exists()
