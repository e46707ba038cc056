import time
import uuid

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from kennisbank.caching.counters import client_window_key, count_one
from kennisbank.caching.worker import worker_cache
from kennisbank.content.models import BlockPage, finder_link

from .events import (
    EVENT_CTES,
    EVENT_RESULT,
    event_id,
    event_parameters,
    logged_string,
    record_click,
    search_event,
)
from .index import search_version
from .models import Promotion, SearchEntry, UnansweredQuery, promotion_version
from .query import run_search
from .words import MAX_WORDS, clean_query, query_words

SUGGESTION_LIMIT = 8
MAX_PAGE = 1_000


def _int(value, default=None, low=None, high=None):
    """An integer query parameter, or `default`; clamped to [low, high] so no value, however
    large, reaches the database as an out-of-range number."""
    try:
        number = int(str(value)[:12])
    except (TypeError, ValueError):
        return default
    if low is not None:
        number = max(number, low)
    if high is not None:
        number = min(number, high)
    return number


def summary_text(total, query):
    """"12 results for “grenzen”": the query is isolated (<bdi>) so a Dutch word reads right in
    an Arabic sentence. The translations are ours; the query is escaped."""
    text = ngettext(
        "%(counter)s result for “<bdi>%(query)s</bdi>”", "%(counter)s results for “<bdi>%(query)s</bdi>”", total
    )
    return mark_safe(text % {"counter": total, "query": escape(query)})


def live_blocks(request):
    """Number → block page for result labels and facets, kept per worker until content changes
    (kennisbank/caching/worker.py); keyed by host like the pages' links."""

    def load():
        return {
            block.number: {"number": block.number, "title": block.title, "url": block.get_url(request)}
            for block in BlockPage.objects.live().order_by("number")
        }

    return worker_cache.get(("search-blocks", translation.get_language(), request.get_host()), load)


def promotions_for(query, language):
    """The pages editors promoted for this search, in the reader's language (or all languages),
    with the description in the reader's language. One query per language, kept per worker
    until a promotion, the index or the content changes."""

    def load():
        by_query = {}
        for promotion in (
            Promotion.objects.filter(language__in=["", language], page__live=True)
            .select_related("page").order_by("sort_order", "id")
        ):
            by_query.setdefault(promotion.query_string, []).append(
                {"title": promotion.page.title, "url": promotion.page.url,
                 "description": promotion.description}
            )
        return by_query

    key = ("search-promotions", promotion_version.current(), search_version.current(), language)
    by_query = worker_cache.get(key, load)
    return by_query.get(normalise_query_string(query)[:MAX_QUERY_STRING_LENGTH], [])


def within_budget(request):
    """Whether this client's search may still be logged and its work cached this minute.

    A flood of distinct queries from one address (a script, an attack) adds at most
    ``SEARCH_LOG_PER_MINUTE`` rows to the log and cache entries per minute; the reader still gets
    results. One counter per client and minute, keyed with the secret (kennisbank/caching/counters.py).
    """
    minute = int(time.time() // 60)
    searches = count_one(f"search-budget:{client_window_key(request, minute)}", 60)
    # Not counted (the shared cache does not answer): the log cannot be bounded, so nothing is
    # logged or kept; the reader still gets results.
    return searches is not None and searches <= settings.SEARCH_LOG_PER_MINUTE


def log_search(query, language, found, previous_event=None):
    """Wagtail's query log (Reports → Search terms), our list of searches that found nothing,
    per language, and the reader's search event (search/events.py), whose id it returns; the
    results page names `previous_event`. The logged string is the reader's query as
    ``search.events.logged_string`` keeps it.

    Upserts (INSERT ... ON CONFLICT, on PostgreSQL and SQLite alike) instead of Query.get and
    add_hit's get_or_create; on PostgreSQL one statement, whatever has been logged before.
    """
    query_string = logged_string(query)
    if not query_string:
        return None
    previous, new_event = event_id(previous_event), uuid.uuid4()
    queries = Query._meta.db_table
    hits = QueryDailyHits._meta.db_table
    unanswered = UnansweredQuery._meta.db_table
    upsert_query = (
        f"INSERT INTO {queries} (query_string) VALUES (%s) ON CONFLICT (query_string) "
        f"DO UPDATE SET query_string = excluded.query_string RETURNING id"
    )
    add_hit = (
        f"INSERT INTO {hits} (query_id, date, hits) {{source}} "
        f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1"
    )
    add_unanswered = (
        f"INSERT INTO {unanswered} (query_id, language, times, last_seen) {{source}} "
        f"ON CONFLICT (query_id, language) "
        f"DO UPDATE SET times = {unanswered}.times + 1, last_seen = excluded.last_seen"
    )
    today, now = timezone.localdate(), timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH q AS ({upsert_query}), "
                f"h AS ({add_hit.format(source='SELECT id, %s, 1 FROM q')}), "
                f"u AS ({add_unanswered.format(source='SELECT id, %s, 1, %s FROM q WHERE %s')}), "
                f"{EVENT_CTES} {EVENT_RESULT}",
                [query_string, today, language, now, not found,
                 *event_parameters(previous, query_string, language, new_event)],
            )
            return previous if cursor.fetchone()[0] else new_event
        cursor.execute(upsert_query, [query_string])
        query_id = cursor.fetchone()[0]
        cursor.execute(add_hit.format(source="VALUES (%s, %s, 1)"), [query_id, today])
        if not found:
            cursor.execute(add_unanswered.format(source="VALUES (%s, %s, 1, %s)"),
                           [query_id, language, now])
    return search_event(previous, query_string, language)


@require_safe
@never_cache  # every search must reach the query log, so the page cache stays out of the way
def search(request):
    language = translation.get_language()
    query = clean_query(request.GET.get("q", ""))
    blocks = live_blocks(request)
    block = _int(request.GET.get("block"))
    if block not in blocks:
        block = None
    # Clamped: a page past any real result list is an empty page, never a database error.
    page_number = _int(request.GET.get("page"), 1, low=1, high=MAX_PAGE)
    per_page = settings.SEARCH_RESULTS_PER_PAGE

    # A HEAD (a monitor, a crawler checking a link) is not a reader's search: not logged or counted.
    budget = request.method == "GET" and within_budget(request)
    outcome = run_search(
        query, language, block, (page_number - 1) * per_page, per_page, remember=budget
    )
    paginator = Paginator(range(outcome.total), per_page)
    try:
        page_obj = paginator.page(page_number)
    except EmptyPage:
        page_obj = None
    promotions = []
    event = None
    if outcome.words:
        if budget:
            event = log_search(query, language, found=outcome.total > 0,
                               previous_event=request.GET.get("event"))
        if page_number == 1 and block is None:
            promotions = promotions_for(query, language)
    for entry in outcome.results:
        # With the request, Wagtail keeps the site root paths on it: one cache read, not one per result.
        entry.url = entry.page.get_url(request)
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
            "paging_query": urlencode({"q": query, **({"block": block} if block else {}),
                                       **({"event": event} if event else {})}),
            "search_event": event,
            "click_url": reverse("search_click", args=[event]) if event else None,
            "first_rank": (page_number - 1) * per_page + 1,
            "facets": facets,
            "selected_block": block,
            "blocks": blocks.values(),
            "promotions": promotions,
            "max_words": MAX_WORDS,
            # For a reader the results did not help: the way in from what they see at home.
            "finder": finder_link(request) if outcome.words else None,
        },
    )


@require_safe
def suggest(request):
    """Titles holding what the reader types, while they type (used by suggest.js)."""
    language = translation.get_language()
    query = clean_query(request.GET.get("q", ""))[:100]
    if not query_words(query):
        return JsonResponse({"suggestions": []})
    entries = (
        SearchEntry.objects.filter(language=language, title__icontains=query)
        .select_related("page")
        .order_by("page__path")[:SUGGESTION_LIMIT]
    )
    return JsonResponse(
        {"suggestions": [{"title": e.title, "url": e.page.get_url(request)} for e in entries]}
    )


@csrf_exempt  # a browser's ping carries no token; marking an event clicked is all it can do
@require_POST
@never_cache
def search_click(request, event):
    """A reader followed a result of the search `event` (the link's ping, or search_clicks.js)."""
    record_click(event)
    return HttpResponse(status=204)
