"""Every public page runs a small, fixed number of SQL queries, whatever the tree's size."""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from kennisbank.content.models import AttitudePage, BlockPage, RelatedAttitude

from .factories import example, exercise


@pytest.fixture
def big_tree(seeded, settings):
    """Every block grown to 40 attitudes (5 x 40), the page cache off so every request renders."""
    settings.PAGE_CACHE_SECONDS = 0
    for block in BlockPage.objects.all():
        for n in range(40 - block.get_children_count()):
            block.add_child(instance=AttitudePage(
                title_nl=f"Extra houding {block.number}.{n}", slug_nl=f"extra-{n}",
                title_en=f"Extra attitude {block.number}.{n}", slug_en=f"extra-{n}",
            ))
    return seeded


def url(page, language):
    with translation.override(language):
        return page.url


def warm(client, path):
    # The first request fills per-process caches (site root paths); readers meet them warm.
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_home_block_and_attitude_pages(client, big_tree, django_assert_max_num_queries, language):
    block = BlockPage.objects.get(number=3)
    attitude = AttitudePage.objects.child_of(block).order_by("path")[20]
    for path, limit in ((url(big_tree, language), 8), (url(block, language), 8),
                        (url(attitude, language), 8)):
        warm(client, path)
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200


def test_search_page(client, big_tree, django_assert_max_num_queries):
    warm(client, "/nl/zoeken/?q=houding")
    with django_assert_max_num_queries(6):
        response = client.get("/nl/zoeken/?q=houding")
    assert b"search-result" in response.content


def test_search_never_seen_before(client, big_tree, django_assert_max_num_queries):
    # Per-process caches warm, but this query is new to the log and to the word expansion.
    warm(client, "/nl/zoeken/?q=houding")
    with django_assert_max_num_queries(6):
        assert client.get("/nl/zoeken/?q=extra").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/nl/zoeken/?q=onbekendwoord").status_code == 200


def test_sitemap(client, big_tree, django_assert_max_num_queries):
    warm(client, "/sitemap.xml")
    with django_assert_max_num_queries(8):
        response = client.get("/sitemap.xml")
    assert response.content.count(b"<url>") == (1 + 5 + 200) * 3


def indexed_columns():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    return {tuple(found["columns"]) for found in constraints.values() if found["index"]}


def test_every_languages_slug_is_indexed_for_routing(db):
    """Routing finds a page among thousands of siblings by its slug (child_by_slug)."""
    for code, _name in settings.LANGUAGES:
        assert (f"slug_{code}",) in indexed_columns()


def test_index_slugs_restores_a_missing_slug_index(db):
    """What README's "Adding a fourth language" runs for the new language's column."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name('kennisbank_page_slug_en')}")
    assert ("slug_en",) not in indexed_columns()
    call_command("index_slugs", stdout=io.StringIO())
    assert ("slug_en",) in indexed_columns()


def test_attitude_with_many_enrichments_costs_the_same(
    client, seeded, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    plain = AttitudePage.objects.get(title_nl="Benoemen")
    rich = AttitudePage.objects.get(title_nl="Volgen")
    rich.examples_nl = [("example", example(title=f"Voorbeeld {n}")) for n in range(20)]
    rich.exercises_nl = [("exercise", exercise(title=f"Oefening {n}")) for n in range(20)]
    rich.save_revision().publish()
    for other in AttitudePage.objects.exclude(id__in=[rich.id, plain.id])[:5]:
        RelatedAttitude.objects.create(page=rich, related=other)
    warm(client, plain.url)
    with CaptureQueriesContext(connection) as plain_queries:
        assert client.get(plain.url).status_code == 200
    expected = len(plain_queries)
    assert expected > 0
    warm(client, rich.url)
    with django_assert_num_queries(expected):
        response = client.get(rich.url)
    assert response.content.decode().count('class="example"') == 20
    assert len(BeautifulSoup(response.content, "html.parser").select(".related li")) == 5


@pytest.mark.postgres
def test_page_queries_are_prepared_once_per_connection(client, seeded, settings):
    """PostgreSQL plans a page view's queries once per connection (kennisbank/settings/base.py)."""
    settings.PAGE_CACHE_SECONDS = 0
    attitude = AttitudePage.objects.get(title_nl="Benoemen")
    for _ in range(3):
        assert client.get(attitude.url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any(AttitudePage._meta.db_table in statement for statement in statements), statements


def test_page_is_loaded_without_other_languages_text(client, seeded, settings):
    """The served page's query reads the reader's language and the Dutch fallback, and every
    language's URL (the language links), but no other language's text."""
    settings.PAGE_CACHE_SECONDS = 0
    attitude = AttitudePage.objects.get(title_nl="Benoemen")
    english = url(attitude, "en")
    warm(client, english)
    with CaptureQueriesContext(connection) as queries:
        html = BeautifulSoup(client.get(english).content, "html.parser")
    served = next(query["sql"] for query in queries if AttitudePage._meta.db_table in query["sql"])
    assert "summary_en" in served and "summary_nl" in served and "url_path_ar" in served
    assert "summary_ar" not in served and "examples_ar" not in served
    assert html.h1.get_text() == attitude.title_en
    assert html.select_one('link[hreflang="ar"]')["href"].endswith(url(attitude, "ar"))
