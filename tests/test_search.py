"""Search: per-language results, variants, ranking, facets, paging, suggestions, bad input."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query

from kennisbank.content.models import AttitudePage, BlockPage
from search.models import Promotion, SearchEntry, UnansweredQuery
from search.words import MAX_WORDS, compound_splits, is_inflection

from .conftest import soup
from .factories import example


def search_url(language="nl"):
    with translation.override(language):
        return reverse("search")


def results(client, query, language="nl", **params):
    response = client.get(search_url(language), {"q": query, **params})
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        {
            "title": " ".join(item.a.get_text().split()),
            "url": item.a["href"],
            "block": (item.select_one(".search-result__block") or html.new_tag("p")).get_text(" ", strip=True),
            "html": str(item),
        }
        for item in html.select(".search-result")
    ], html


def titles(client, query, language="nl", **params):
    return [r["title"] for r in results(client, query, language, **params)[0]]


def test_search_urls_are_translated():
    assert search_url("nl") == "/nl/zoeken/"
    assert search_url("en") == "/en/search/"


def test_results_show_title_block_and_link(client, seeded):
    found, _ = results(client, "grenzen")
    first = found[0]
    assert first["title"] == "Duidelijke grenzen stellen"
    assert first["block"] == "Bouwsteen 4: Zelfstandig worden"
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    assert first["url"] == page.url
    assert "<mark>grenzen</mark>" in first["html"]


def test_results_are_in_the_readers_language(client, seeded):
    english, _ = results(client, "boundaries", "en")
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    assert english[0]["title"] == page.title_en
    with translation.override("en"):
        assert english[0]["url"] == page.url
    assert titles(client, "boundaries", "nl") == []


def test_examples_added_by_editors_are_found(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.examples_nl = [("example", example(situation="Je kind bouwt een zandkasteel"))]
    page.save_revision().publish()
    assert titles(client, "zandkasteel") == ["Volgen"]


def test_unpublished_pages_leave_the_index(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.unpublish()
    assert not SearchEntry.objects.filter(page=page).exists()
    assert "Volgen" not in titles(client, "volgen")


def test_deleted_pages_leave_the_index(seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page_id = page.id
    page.delete()
    assert not SearchEntry.objects.filter(page_id=page_id).exists()


def test_block_synonyms_find_the_block(client, seeded):
    assert titles(client, "toevertrouwen")[0] == BlockPage.objects.get(number=2).title_nl
    assert BlockPage.objects.get(number=3).title_nl in titles(client, "zelfvertrouwen")[:3]


def test_facets_count_per_block_and_narrow_down(client, seeded):
    _, html = results(client, "kind")
    facets = [a.get_text(" ", strip=True) for a in html.select(".facets a")]
    assert facets[0].startswith("Alle bouwstenen")
    assert any(text.startswith("Bouwsteen 3 (") for text in facets)
    narrowed, _ = results(client, "kind", block=3)
    assert narrowed and all(r["block"].startswith("Bouwsteen 3:") for r in narrowed)


def test_long_result_lists_are_paged(client, seeded, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    first, html = results(client, "kind")
    second, _ = results(client, "kind", page=2)
    assert len(first) == 2 and len(second) == 2
    assert not {r["url"] for r in first} & {r["url"] for r in second}
    assert html.select_one(".pagination a[rel=next]")


def test_empty_query_shows_a_prompt(client, seeded):
    found, html = results(client, "")
    assert found == []
    assert html.select_one(".search-prompt")


def test_no_results_says_so_and_links_the_blocks(client, seeded):
    found, html = results(client, "xyzzyqqq")
    assert found == []
    assert len(html.select(".no-results li a")) == 5
    assert UnansweredQuery.objects.get(query__query_string="xyzzyqqq").times == 1


def test_searches_are_logged_and_promotions_shown_per_language(client, seeded):
    page = BlockPage.objects.get(number=1)
    Promotion.objects.create(query_string="Veilig", language="nl", page=page,
                             description_nl="Begin hier", description_en="Start here")
    _, html = results(client, "veilig")
    assert Query.get("veilig").hits == 1
    promoted = html.select_one(".promotions li")
    assert promoted.a["href"] == page.url
    assert "Begin hier" in promoted.get_text()
    # A promotion for Dutch readers stays out of an English search for the same letters.
    _, english = results(client, "veilig", "en")
    assert english.select_one(".promotions") is None
    Promotion.objects.create(query_string="veilig", language="", page=page,
                             description_nl="Overal", description_en="Everywhere")
    _, english = results(client, "veilig", "en")
    assert "Everywhere" in english.select_one(".promotions").get_text()
    with translation.override("en"):
        assert english.select_one(".promotions a")["href"] == page.url


def test_suggestions_endpoint_returns_json(client, seeded):
    with translation.override("nl"):
        url = reverse("search_suggest")
    data = client.get(url, {"q": "grenz"}).json()
    assert {"title": "Duidelijke grenzen stellen",
            "url": AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen").url} in data["suggestions"]
    assert client.get(url, {"q": ""}).json() == {"suggestions": []}


HOSTILE = [
    " ", "x" * 10_000, "grens\x00", "a & b | !c", "(( kind", "<-> :* ", "'\"", "kind:*",
    "'; DROP TABLE wagtailcore_page; --", "🙂 grenzen", "grenzen \u202e evil", "حدود kind",
    "\\", "%", "_",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, seeded, query):
    response = client.get(search_url(), {"q": query})
    assert response.status_code == 200
    assert b"<script" not in response.content.split(b"</head>")[1]


@pytest.mark.parametrize("params", [
    {"q": "kind", "page": "-1"}, {"q": "kind", "page": "abc"}, {"q": "kind", "page": "99999"},
    {"q": "kind", "block": "99"}, {"q": "kind", "block": "x"},
])
def test_bad_parameters_give_a_normal_page(client, seeded, params):
    assert client.get(search_url(), params).status_code == 200


def test_invalid_utf8_in_query_string(client, seeded):
    response = client.get(search_url() + "?q=%ff%fe%00grens")
    assert response.status_code == 200


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_gives_a_normal_page(client, seeded, text):
    assert client.get(search_url(), {"q": text}).status_code == 200


# PostgreSQL: stemming, variants, ranking, highlighting and spelling.

@pytest.mark.postgres
@pytest.mark.parametrize("query, expected", [
    ("grens", "Duidelijke grenzen stellen"),
    ("emotie", "Reguleren van emoties"),
    ("luistert", "Aandachtig en actief luisteren"),
    ("conflicten", "Niet bang zijn om een conflict aan te gaan (conflict hanteren)"),
])
def test_dutch_variants_match(client, seeded, query, expected):
    assert expected in titles(client, query)[:3]


@pytest.mark.postgres
@pytest.mark.parametrize("query, dutch_title", [
    ("emotion", "Reguleren van emoties"),
    ("listening", "Aandachtig en actief luisteren"),
    ("boundaries", "Duidelijke grenzen stellen"),
])
def test_english_variants_match(client, seeded, query, dutch_title):
    page = AttitudePage.objects.get(title_nl=dutch_title)
    assert page.title_en in titles(client, query, "en")[:3]


@pytest.mark.postgres
def test_arabic_uses_the_arabic_configuration(client, seeded):
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    entry = SearchEntry.objects.get(page=page, language="ar")
    assert page.title_ar == entry.title
    word = page.title_ar.split()[-1]
    assert page.title_ar in titles(client, word, "ar")


@pytest.mark.postgres
def test_all_words_rank_first_and_title_above_body(client, seeded, settings):
    # Every result on one page: more than ten pages tell of listening.
    settings.SEARCH_RESULTS_PER_PAGE = 50
    # Both words: "Aandachtig en actief luisteren" holds both in its title.
    assert titles(client, "actief luisteren")[0] == "Aandachtig en actief luisteren"
    # A title hit beats a body hit: put "luisteren" in another page's body only.
    other = AttitudePage.objects.get(title_nl="Volgen")
    other.summary_nl = "Ook hier gaat het om luisteren."
    other.save_revision().publish()
    found = titles(client, "luisteren")
    assert found.index("Aandachtig en actief luisteren") < found.index("Volgen")


@pytest.mark.postgres
def test_a_page_holding_the_words_together_ranks_above_one_holding_them_apart(client, seeded):
    """Two pages hold "vlieger" and "paraplu" once each in their summary; the one that holds them
    side by side comes first, though it is the later one in the tree (the order of a tie)."""
    apart, together = AttitudePage.objects.filter(title_nl__in=["Volgen", "Lichamelijk contact"]).order_by("path")
    filler = " ".join(["Een middag in het park met de hele familie."] * 6)
    apart.summary_nl = f"Hij neemt de vlieger mee. {filler} Zij neemt de paraplu mee."
    together.summary_nl = f"Hij neemt de vlieger en de paraplu mee. {filler}"
    for page in (apart, together):
        page.save_revision().publish()
    assert titles(client, "vlieger paraplu")[:2] == [together.title_nl, apart.title_nl]


@pytest.mark.postgres
def test_matched_words_are_highlighted_with_stemming(client, seeded):
    found, _ = results(client, "emotie")
    assert "<mark>emoties</mark>" in found[0]["html"]


@pytest.mark.postgres
def test_spelling_suggestion(client, seeded):
    _, html = results(client, "frustatie")
    suggestion = html.select_one(".search-suggestion a")
    assert suggestion.get_text() == "frustratie"


def test_editors_see_searches_without_results(client, seeded, admin_user):
    # "bedplassen" itself now finds the pages with "bed" and "plassen" (words written together).
    client.get(search_url(), {"q": "bedplassenxyz"})
    client.get(search_url(), {"q": "bedplassenxyz"})
    client.force_login(admin_user)
    response = client.get(reverse("kennisbank_unanswered_searches"))
    assert response.status_code == 200
    rows = soup(response).select("tbody tr")
    assert ["bedplassenxyz" in row.get_text() and "2" in row.get_text() for row in rows] == [True]
    terms = client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert b"bedplassenxyz" in terms.content


def test_standing_pages_are_found(client, seeded):
    assert titles(client, "hulp zoeken")[0] == "Wanneer hulp zoeken?"


@pytest.mark.postgres
@pytest.mark.parametrize("language, query, title", [
    ("en", "when to seek help", "When to seek help"),
    ("ar", "متى تطلب المساعدة", "متى تطلب المساعدة؟"),
])
def test_standing_pages_are_found_in_every_language(client, seeded, language, query, title):
    assert titles(client, query, language)[0] == title


@pytest.mark.parametrize("word, other, language, same", [
    ("grens", "grenzen", "nl", True), ("luistert", "luisteren", "nl", True),
    ("frustraties", "frustratie", "nl", True), ("kind", "kinderen", "nl", True),
    ("zeg", "zeggen", "nl", True), ("stop", "stopping", "en", True),
    ("baby", "babies", "en", True), ("tell", "telly", "en", False),
    ("school", "schoot", "nl", False), ("speelt", "speelgoed", "nl", False),
    ("leven", "levensvoorwaarden", "nl", False), ("moet", "moed", "nl", False),
    ("wat", "water", "nl", False), ("wanneer", "want", "nl", False),
    ("لطفلي", "الطفل", "ar", True), ("وطفلها", "طفل", "ar", True), ("لعب", "عب", "ar", False),
])
def test_expansion_joins_inflections_not_look_alikes(word, other, language, same):
    assert is_inflection(word, other, language) is same


@pytest.mark.parametrize("word, language, split", [
    ("slaapproblemen", "nl", ("slaap", "problemen")), ("verlatingsangst", "nl", ("verlating", "angst")),
    ("screentime", "en", ("screen", "time")),
])
def test_a_compound_may_be_split_into_its_words(word, language, split):
    assert split in compound_splits(word, language)


def test_arabic_words_are_not_split():
    assert compound_splits("والمدرسة", "ar") == []


@pytest.mark.postgres
def test_words_written_together_are_searched_as_both_words(client, seeded):
    """No page holds "bedtijdritueel": it finds the pages holding "bedtijd" or "ritueel", the
    one holding both first, and proposes no near spelling of half of it."""
    found, html = results(client, "bedtijdritueel")
    assert found[0]["title"] == "Structuur en leiding bieden"
    assert {"Volgen", "Duidelijke grenzen stellen"} <= {result["title"] for result in found}
    assert html.select_one(".search-suggestion") is None


@pytest.mark.postgres
def test_look_alikes_do_not_widen_a_known_word(client, seeded):
    _, html = results(client, "school")
    marked = {mark.get_text().lower() for mark in html.select(".search-result mark")}
    assert marked and all(word.startswith("school") for word in marked)


@pytest.mark.postgres
def test_arabic_clitics_match_the_bare_word(client, seeded):
    """لطفلي (to my child) finds what طفل finds; "لا" (no) is kept as a word."""
    page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    assert page.title_ar in titles(client, "كيف أقول لا لطفلي", "ar")[:3]


def test_long_queries_are_searched_to_a_visible_bound(client, seeded):
    words = [f"woord{number}" for number in range(MAX_WORDS)] + ["grenzen", "ruzie"]
    _, html = results(client, " ".join(words))
    notice = html.select_one(".search-ignored")
    assert notice and "grenzen ruzie" in notice.get_text()
    _, html = results(client, "ik ben moe en heb geen tijd voor mezelf")
    assert html.select_one(".search-ignored") is None


@pytest.mark.postgres
def test_common_words_count_when_they_are_all_the_query_has(client, seeded):
    assert titles(client, "kind")
    assert titles(client, "child", "en")


def test_dutch_fallback_is_found_in_another_language_and_marked(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.title_en = ""
    page.summary_en = ""
    page.summary_nl = "Over de zandbak en het zandkasteel."
    page.save_revision().publish()
    found, _ = results(client, "zandkasteel", "en")
    assert [r["title"] for r in found] == ["Volgen"]
    item = BeautifulSoup(found[0]["html"], "html.parser")
    assert item.select_one(".search-result__title")["lang"] == "nl"
    assert item.select_one(".search-result__fallback")


def test_a_new_search_stays_within_six_queries(client, seeded, django_assert_max_num_queries):
    """A query never searched before, right after the index changed (block names, word forms,
    rankings and promotions all uncached): at most 6 statements on PostgreSQL, where the log and
    the reader's search event are one statement; SQLite ranks in two statements (counts, then the
    page), logs in two and writes the event in one more, so it may need two more. A repeat needs
    2 (the page's rows, the log), 4 on SQLite."""
    from django.db import connection

    from search.index import search_version

    client.get(search_url(), {"q": "grenzen"})  # the site's own per-worker caches
    search_version.bump()
    postgres = connection.vendor == "postgresql"
    with django_assert_max_num_queries(6 if postgres else 8):
        response = client.get(search_url(), {"q": "mijn kind vertelt niets over school"})
    assert response.status_code == 200
    with django_assert_max_num_queries(2 if postgres else 4):
        client.get(search_url(), {"q": "mijn kind vertelt niets over school"})


def test_a_repeated_search_loads_its_results_in_one_statement_in_every_language(client, seeded):
    """The results' rows load only what a result shows, with the page's URL path in the
    reader's language and Dutch (its fallback): a link, translated or not, needs no query of
    its own. The Dutch-only page's link in English is its Dutch URL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = AttitudePage.objects.get(title_nl="Volgen")
    page.title_en = page.slug_en = page.summary_en = ""
    page.summary_nl = "Over de zandbak en het zandkasteel."
    page.save_revision().publish()
    for language, query in (("nl", "grenzen"), ("en", "zandkasteel"), ("ar", "حدود")):
        client.get(search_url(language), {"q": query})
        with CaptureQueriesContext(connection) as queries:
            found, _ = results(client, query, language)
        assert found, (language, query)
        assert len(queries.captured_queries) == (2 if connection.vendor == "postgresql" else 4)  # + the event
        for result in found:
            shown = SearchEntry.objects.get(language=language, title=result["title"]).page
            with translation.override(language):
                assert result["url"] == shown.url
    with translation.override("en"):
        english_url = AttitudePage.objects.get(pk=page.pk).url
    assert english_url.endswith("/volgen/")  # the Dutch slug, as Volgen has no English one
    assert results(client, "zandkasteel", "en")[0][0]["url"] == english_url
    assert client.get(english_url).status_code == 200


@pytest.mark.postgres
def test_the_ranking_is_planned_for_its_own_words(client, seeded):
    """The site's connections prepare statements, and PostgreSQL may plan a prepared statement
    run more than five times without its values (at 10,000 pages such a plan took seconds):
    the ranking carries its words in its text instead of as parameters."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(search_url(), {"q": "grenzen stellen"})
    assert response.status_code == 200
    ranking = [query["sql"] for query in queries.captured_queries if "WITH matches" in query["sql"]]
    assert len(ranking) == 1
    assert "%s" not in ranking[0] and "grenzen" in ranking[0]


def test_a_search_while_the_shared_cache_does_not_answer_still_shows_results(client, seeded, shared_cache_down):
    """Nothing can be counted, so the search is neither logged nor kept; the reader still gets
    the results (it was a 500: the log budget compared an unknown count)."""
    found, _ = results(client, "grenzen")
    assert found[0]["title"] == "Duidelijke grenzen stellen"
    assert not Query.objects.filter(query_string="grenzen").exists()



@pytest.mark.postgres
def test_a_search_made_while_a_publish_commits_is_not_kept_past_the_commit(
        client, seeded, django_capture_on_commit_callbacks):
    """Issue 28, finding 7: the search version was bumped inside the publishing transaction, so
    another worker searching before the commit kept a ranking of the old rows under the version
    readers see after it, for ten minutes."""
    import threading

    from django.db import connections

    from search.query import run_search

    attitude = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    seen_by_another_worker = []

    def another_worker():
        # Its own connection: it sees what is committed, not the open transaction's rows.
        try:
            seen_by_another_worker.append(run_search("zwqvlinderdas", "nl").total)
        finally:
            connections.close_all()

    with django_capture_on_commit_callbacks(execute=True):
        attitude.summary_nl = "Een vlinder met een zwqvlinderdas."
        attitude.save_revision().publish()
        worker = threading.Thread(target=another_worker)
        worker.start()
        worker.join()
    assert seen_by_another_worker == [0]
    # After the commit, a reader finds the page.
    assert titles(client, "zwqvlinderdas") == ["Duidelijke grenzen stellen"]
