"""Every public page runs an exact, fixed number of SQL queries, whatever the tree's size.

Counted with the worker's caches warm (the Site, the blocks routed through, the footer's
standing pages: kennisbank/caching/worker.py), as a reader meets them.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from kennisbank.content.models import AttitudePage, BlockPage, RelatedAttitude

from .conftest import url_in
from .factories import example, exercise

# Block and attitude: the page, found by its slug in the same query that says whether a view
# restriction applies (kennisbank/content/routing.py); the block's count and lists of attitudes,
# and an attitude's previous, next and related attitudes are kept per worker until content
# changes. Home (the site's root page, kept per worker, as is its list of the five blocks): the
# view-restriction check (RestrictedPageMixin.get_view_restrictions).
EXPECTED = {"home": 1, "block": 1, "attitude": 1}


def grow(block, size):
    for n in range(size - block.get_children_count()):
        block.add_child(instance=AttitudePage(
            title_nl=f"Extra houding {block.number}.{n}", slug_nl=f"extra-{n}",
            title_en=f"Extra attitude {block.number}.{n}", slug_en=f"extra-{n}",
        ))


def queries_for(client, path):
    assert client.get(path).status_code == 200  # warms the worker's caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def paths(home, language):
    block = BlockPage.objects.get(number=3)
    attitude = AttitudePage.objects.child_of(block).order_by("path")[3]
    return {"home": url_in(home, language), "block": url_in(block, language), "attitude": url_in(attitude, language)}


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_each_page_type_runs_its_fixed_number_of_queries(client, seeded, language):
    counts = {kind: queries_for(client, path) for kind, path in paths(seeded, language).items()}
    assert counts == EXPECTED


def test_more_children_add_no_queries(client, seeded):
    before = {kind: queries_for(client, path) for kind, path in paths(seeded, "en").items()}
    for block in BlockPage.objects.all():
        grow(block, 60)
    after = {kind: queries_for(client, path) for kind, path in paths(seeded, "en").items()}
    assert after == before


def test_attitude_with_many_enrichments_costs_the_same(client, seeded):
    plain = AttitudePage.objects.get(seed_key="3.6")
    rich = AttitudePage.objects.get(seed_key="2.3")
    rich.examples_nl = [("example", example(title=f"Voorbeeld {n}")) for n in range(20)]
    rich.exercises_nl = [("exercise", exercise(title=f"Oefening {n}")) for n in range(20)]
    rich.save_revision().publish()
    RelatedAttitude.objects.filter(page=rich).delete()
    for other in AttitudePage.objects.exclude(id__in=[rich.id, plain.id])[:5]:
        RelatedAttitude.objects.create(page=rich, related=other)
    assert queries_for(client, rich.url) == queries_for(client, plain.url) == EXPECTED["attitude"]
    html = BeautifulSoup(client.get(rich.url).content, "html.parser")
    assert len(html.select(".examples article.example")) == 20
    assert len(html.select(".related li")) >= 5


def test_search_page(client, seeded, django_assert_max_num_queries):
    client.get("/nl/zoeken/?q=grenzen")
    with django_assert_max_num_queries(6):
        response = client.get("/nl/zoeken/?q=grenzen")
    assert b"search-result" in response.content
    # A query new to the log and to the word expansion.
    with django_assert_max_num_queries(6):
        assert client.get("/nl/zoeken/?q=onbekendwoord").status_code == 200


def test_sitemap_queries_do_not_grow_with_the_pages(client, seeded):
    small = queries_for(client, "/sitemap-pages.xml")
    grow(BlockPage.objects.get(number=1), 60)
    assert queries_for(client, "/sitemap-pages.xml") == small


def indexed_columns():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    return {tuple(found["columns"]) for found in constraints.values() if found["index"]}


def test_every_languages_slug_is_indexed_for_routing(db):
    """Routing finds a page among thousands of siblings by its slug (kennisbank/content/routing.py)."""
    for code, _name in settings.LANGUAGES:
        assert (f"slug_{code}",) in indexed_columns()


def test_index_slugs_restores_a_missing_slug_index(db):
    """What README's "Adding a fourth language" runs for the new language's column."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name('kennisbank_page_slug_en')}")
    assert ("slug_en",) not in indexed_columns()
    call_command("index_slugs", stdout=io.StringIO())
    assert ("slug_en",) in indexed_columns()
