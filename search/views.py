from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from kennisbank.models import BlockPage

from .index import search_version
from .models import SearchEntry, UnansweredQuery
from .query import clean_query, query_words, run_search

SUGGESTION_LIMIT = 8


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


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

    The day's hit counter is bumped with one upsert rather than Query.add_hit's read-then-write,
    which keeps a search request at a fixed, small number of queries.
    """
    logged = Query.get(query)
    table = QueryDailyHits._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (query_id, date, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {table}.hits + 1",
            [logged.id, timezone.localdate()],
        )
    if not found:
        unanswered, _ = UnansweredQuery.objects.get_or_create(
            query=logged, defaults={"language": language}
        )
        UnansweredQuery.objects.filter(pk=unanswered.pk).update(times=F("times") + 1)
    return logged


@require_GET
@never_cache  # every search must reach the query log, so the page cache stays out of the way
def search(request):
    language = translation.get_language()
    query = clean_query(request.GET.get("q", ""))
    blocks = live_blocks()
    block = _int(request.GET.get("block"))
    if block not in blocks:
        block = None
    page_number = max(_int(request.GET.get("page"), 1), 1)
    per_page = settings.SEARCH_RESULTS_PER_PAGE

    outcome = run_search(query, language, block, (page_number - 1) * per_page, per_page)
    paginator = Paginator(range(outcome.total), per_page)
    try:
        page_obj = paginator.page(page_number)
    except EmptyPage:
        page_obj = None
    promotions = []
    if outcome.words:
        logged = log_search(query, language, found=outcome.total > 0)
        if page_number == 1 and block is None:
            promotions = list(
                SearchPromotion.objects.filter(query=logged).select_related("page")
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
            "outcome": outcome,
            "results": outcome.results,
            "page_obj": page_obj,
            "all_count": sum(outcome.block_counts.values()),
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
