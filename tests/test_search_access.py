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


# A word only one page holds, per language, and a reader's near miss of it ("Did you mean").
PRIVATE_WORDS = {
    "nl": ("ptokqzprivaaten", "ptokqzprvaaten"),
    "en": ("ptokqzprivately", "ptokqzpivately"),
    "ar": ("سريجدامكتومخاص", "سريجدامكتمخاص"),
}


def did_you_mean(client, language, query):
    with translation.override(language):
        suggestion = soup(client.get(reverse("search"), {"q": query})).select_one(".search-suggestion a")
    return suggestion.get_text() if suggestion else None


@pytest.mark.postgres
@pytest.mark.parametrize("change", ["password", "login", "unpublished", "deleted"])
def test_did_you_mean_names_no_word_of_a_page_readers_may_not_open(client, attitude, change):
    """Issue 28, finding 1: the vocabulary behind "Did you mean" kept the words of pages that
    left the index (/en/search/?q=ptokqzprivatnl → "ptokqzprivaaten", a login-restricted page)."""
    for language, (word, _near_miss) in PRIVATE_WORDS.items():
        setattr(attitude, f"summary_{language}", f"{getattr(attitude, f'summary_{language}')} {word}")
    attitude.save_revision().publish()
    for language, (word, near_miss) in PRIVATE_WORDS.items():
        assert did_you_mean(client, language, near_miss) == word
    if change == "unpublished":
        attitude.unpublish()
    elif change == "deleted":
        attitude.delete()
    else:
        restrict(attitude, change)
    for language, (_word, near_miss) in PRIVATE_WORDS.items():
        assert did_you_mean(client, language, near_miss) is None
    # Words other pages still hold stay in the vocabulary: "grnzen" is still corrected.
    assert did_you_mean(client, "nl", "grnzen") == "grenzen"


@pytest.mark.postgres
def test_the_vocabulary_counts_what_the_entries_hold_through_every_change(attitude, block):
    """After edits, a restricted block, its restriction lifted, an unpublished and a deleted page,
    the vocabulary is exactly the words of the entries readers can find, each counted once per
    entry that holds it (what `rebuild_search_index` would make)."""
    from collections import Counter

    from search.index import document_words
    from search.models import SearchWord

    attitude.summary_nl = "Een nieuwe samenvatting met het woord zwzwzwzwnieuw."
    attitude.save_revision().publish()
    restriction = restrict(block, PageViewRestriction.LOGIN)
    restriction.delete()
    AttitudePage.objects.get(seed_key="2.3").unpublish()
    AttitudePage.objects.get(seed_key="1.1").delete()
    expected = Counter()
    for language, document in SearchEntry.objects.values_list("language", "document"):
        expected.update((language, word) for word in document_words(document))
    held = Counter({(language, word): pages for language, word, pages in
                    SearchWord.objects.values_list("language", "word", "pages")})
    assert held == expected
    assert ("nl", "zwzwzwzwnieuw") in held
