from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from kennisbank.content.models import BlockPage

from .index import search_version
from .models import SearchEntry, UnansweredQuery
from .query import clean_query, query_words, run_search

SUGGESTION_LIMIT = 8
MAX_PAGE = 10_000


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def summary_text(total, query):
    """"12 results for “grenzen”": the query is isolated (<bdi>) so a Dutch word reads right in
    an Arabic sentence. The translations are ours; the query is escaped."""
    text = ngettext(
        "%(counter)s result for “<bdi>%(query)s</bdi>”", "%(counter)s results for “<bdi>%(query)s</bdi>”", total
    )
    return mark_safe(text % {"counter": total, "query": escape(query)})


def live_blocks():
    """Number → block page for result labels and facets, cached until the index changes."""
    language = translation.get_language()
    key = f"search-blocks:{search_version.current()}:{language}"
    blocks = cache.get(key)
    if blocks is None:
        blocks = {
            block.number: {"number": block.number, "title": block.title, "url": block.url}
            for block in BlockPage.objects.live().order_by("number")
        }
        cache.set(key, blocks, 3600)
    return blocks


def log_search(query, language, found):
    """Wagtail's query log (Reports → Search terms) plus our list of searches that found nothing.

    Upserts (INSERT ... ON CONFLICT, on PostgreSQL and SQLite alike) instead of Query.get and
    add_hit's get_or_create: two or three statements, no transaction, whatever has been logged
    before. Returns the query's id (for its promotions).
    """
    queries = Query._meta.db_table
    hits = QueryDailyHits._meta.db_table
    unanswered = UnansweredQuery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {queries} (query_string) VALUES (%s) ON CONFLICT (query_string) "
            f"DO UPDATE SET query_string = excluded.query_string RETURNING id",
            [normalise_query_string(query)[:MAX_QUERY_STRING_LENGTH]],
        )
        query_id = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO {hits} (query_id, date, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1",
            [query_id, timezone.localdate()],
        )
        if not found:
            cursor.execute(
                f"INSERT INTO {unanswered} (query_id, language, times, last_seen) "
                f"VALUES (%s, %s, 1, %s) ON CONFLICT (query_id) "
                f"DO UPDATE SET times = {unanswered}.times + 1, last_seen = excluded.last_seen",
                [query_id, language, timezone.now()],
            )
    return query_id


@require_GET
@never_cache  # every search must reach the query log, so the page cache stays out of the way
def search(request):
    language = translation.get_language()
    query = clean_query(request.GET.get("q", ""))
    blocks = live_blocks()
    block = _int(request.GET.get("block"))
    if block not in blocks:
        block = None
    # Clamped: an offset past any real result list is an empty page, never a database error.
    page_number = min(max(_int(request.GET.get("page"), 1), 1), MAX_PAGE)
    per_page = settings.SEARCH_RESULTS_PER_PAGE

    outcome = run_search(query, language, block, (page_number - 1) * per_page, per_page)
    paginator = Paginator(range(outcome.total), per_page)
    try:
        page_obj = paginator.page(page_number)
    except EmptyPage:
        page_obj = None
    promotions = []
    if outcome.words:
        query_id = log_search(query, language, found=outcome.total > 0)
        if page_number == 1 and block is None:
            promotions = list(
                SearchPromotion.objects.filter(query_id=query_id).select_related("page")
            )
    for entry in outcome.results:
        entry.url = entry.page.url
        entry.block = blocks.get(entry.block_number)
    facets = [
        {**info, "count": outcome.block_counts.get(number, 0)} for number, info in blocks.items()
    ]
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "summary": summary_text(outcome.total, query),
            "outcome": outcome,
            "results": outcome.results,
            "page_obj": page_obj,
            "all_count": sum(outcome.block_counts.values()),
            "paging_query": urlencode({"q": query, **({"block": block} if block else {})}),
            "first_rank": (page_number - 1) * per_page + 1,
            "facets": facets,
            "selected_block": block,
            "blocks": blocks.values(),
            "promotions": promotions,
        },
    )


@require_GET
def suggest(request):
    """Titles starting the reader's way while they type (used by suggest.js)."""
    language = translation.get_language()
    query = clean_query(request.GET.get("q", ""))
    if not query_words(query):
        return JsonResponse({"suggestions": []})
    entries = (
        SearchEntry.objects.filter(language=language, title__icontains=query)
        .select_related("page")
        .order_by("page__path")[:SUGGESTION_LIMIT]
    )
    return JsonResponse(
        {"suggestions": [{"title": e.title, "url": e.page.url} for e in entries]}
    )
