"""What a search result shows of a page: an excerpt cut between words, the page's paragraphs
and parts (an example's title, its situation) apart, and matched words highlighted whole, with
the marks Arabic writes on them."""

import re

import pytest

from search.models import SearchEntry
from search.query import Expansion
from search.snippets import highlight

from .test_search import results


def words_only(snippet):
    text = re.sub(r"</?mark>", "", str(snippet)).replace(" · ", " ")
    return text.removeprefix("… ").removesuffix(" …").split()


def test_an_excerpt_starts_and_ends_with_whole_words():
    text = "Je kind wil graag dichtbij blijven als het spannend wordt. " * 8 + "Grenzen geven houvast. " + (
        "Zelfstandig worden gaat stap voor stap en in je eigen tempo. " * 8)
    snippet = highlight(text, Expansion(alternatives={"grenzen": {"grenzen"}}), length=120)
    assert str(snippet).startswith("… ") and str(snippet).endswith(" …")
    assert "<mark>Grenzen</mark>" in snippet
    source_words = set(text.split())
    assert all(word in source_words for word in words_only(snippet)), words_only(snippet)


def test_the_parts_of_a_page_stay_apart():
    snippet = highlight("Een boze peuter\nHij gooit zijn bord op de grond.", Expansion(alternatives={"bord": {"bord"}}))
    assert str(snippet) == "Een boze peuter · Hij gooit zijn <mark>bord</mark> op de grond."


def test_an_arabic_highlight_covers_the_whole_word_with_its_tanween():
    snippet = highlight("ضع حدودًا واضحة لطفلك.", Expansion(alternatives={"حدود": {"حدود"}}))
    assert "<mark>حدودًا</mark>" in snippet


def test_indexed_text_keeps_paragraphs_apart(seeded):
    glued = [entry.body[max(0, match.start() - 20):match.end() + 20]
             for entry in SearchEntry.objects.filter(language__in=["nl", "en"])
             for match in re.finditer(r"[a-z][.!?:][A-Z]", entry.body)]
    assert not glued


@pytest.mark.parametrize("language, query", [("en", "stay close"), ("nl", "grenzen"), ("ar", "حدود")])
def test_result_snippets_hold_no_torn_words(client, seeded, language, query):
    found, _html = results(client, query, language)
    assert found
    for result in found:
        # No highlight ends before a mark that belongs to its last letter.
        assert not re.search(r"</mark>[\u064b-\u065f\u0670]", result["html"]), result["html"]
        assert not re.search(r"[a-z][.!?][A-Z]", result["html"])
