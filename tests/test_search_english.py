"""English negations in search (search/english.py), as a reader sees them on the search page:
"won't" is never "won" (winning), a contraction finds what its words spelled out find, and
"say no" finds the pages on saying no, as "nee zeggen" does in Dutch."""

import re

import pytest

from kennisbank.content.models import AttitudePage

from .test_search import results, titles

pytestmark = pytest.mark.postgres


def boundaries_title(language):
    return getattr(AttitudePage.objects.get(seed_key="4.8"), f"title_{language}")


@pytest.mark.parametrize("query", ["how do I say no to my toddler", "saying no and sticking to it"])
def test_saying_no_finds_setting_boundaries(client, seeded, query):
    found, _html = results(client, query, "en")
    titles_found = [result["title"] for result in found]
    assert boundaries_title("en") in titles_found[:3]
    assert "<mark>no</mark>" in found[titles_found.index(boundaries_title("en"))]["html"]
    # "no" is marked as a whole word: never the start of "not", "now" or "nothing".
    assert not any(re.search(r"<mark>no\w", result["html"], re.IGNORECASE) for result in found)


def test_dutch_nee_zeggen_is_unchanged(client, seeded):
    assert titles(client, "nee zeggen tegen mijn kind")[0] == boundaries_title("nl")


@pytest.mark.parametrize("contracted, spelled_out", [
    ("my son won't sleep", "my son will not sleep"),
    ("my son wont sleep", "my son will not sleep"),
    ("she doesn’t listen", "she does not listen"),
    ("he can't calm down", "he cannot calm down"),
    ("he cant calm down", "he can not calm down"),
    ("they don't want to go to school", "they do not want to go to school"),
])
def test_a_contraction_finds_what_its_words_spelled_out_find(client, seeded, contracted, spelled_out):
    found = titles(client, contracted, "en")
    assert found and found == titles(client, spelled_out, "en")


def test_wont_never_finds_a_page_about_winning(client, seeded):
    page = AttitudePage.objects.get(seed_key="3.5")
    page.summary_en = "Yesterday she won the chess final at school."
    page.save_revision().publish()
    assert page.title_en in titles(client, "who won", "en")
    for query in ("my daughter won't", "my daughter wont"):
        found, _html = results(client, query, "en")
        assert page.title_en not in [result["title"] for result in found]
        assert not any("<mark>won</mark>" in result["html"] for result in found)


def test_only_negations_ask_for_nothing(client, seeded):
    """"won't" alone is "will not": stop words only, as "the" is, so no page and no "Did you
    mean: want"."""
    found, html = results(client, "won't", "en")
    assert found == []
    assert html.select_one(".search-suggestion") is None
