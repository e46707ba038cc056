"""Running a reader's search: the query's words (``search.words``), their ranking
(``search.ranking``) and the page of results with snippets (``search.snippets``), the first two
kept in the cache per search version."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from kennisbank.core.languages import reading_columns

from .index import search_version, uses_postgres
from .models import SearchEntry
from .ranking import rank_on_postgres, rank_on_sqlite
from .snippets import highlight, snippet_text
from .words import CACHE_SECONDS, Expansion, expand, split_query


def result_rows(ids, language):
    """Entry id → entry, with what a result shows and its page's URL path in `language`; the
    entries' search documents and the pages' other columns stay in the database."""
    url_path = [f"page__{column}" for column in reading_columns("url_path", language)]
    return (
        SearchEntry.objects.select_related("page")
        .only("title", "situations", "body", "block_number", "fallback", "page__path", *url_path)
        .in_bulk(ids)
    )


@dataclass
class SearchOutcome:
    query: str
    words: list
    results: list
    total: int
    block_counts: dict
    suggestion: str
    expansion: Expansion
    ignored: list = field(default_factory=list)


def run_search(query, language, block=None, offset=0, limit=None, remember=True):
    """Results for one page of a search. Two SQL statements on PostgreSQL (ranking with block
    counts, then the page's rows), plus one for the word forms on a query not seen lately. With `remember`, the
    word forms and the ranking are cached until the index changes (a reader paging, or many
    readers typing the same words, costs one statement); without it nothing new is cached."""
    limit = limit or settings.SEARCH_RESULTS_PER_PAGE
    words, ignored = split_query(query, language)
    # Hashed: readers' words hold any script, which some cache backends refuse in keys.
    words_hash = hashlib.sha256(" ".join(words).encode()).hexdigest()
    prefix = f"{search_version.current()}:{language}:{words_hash}"
    expand_key, rank_key = f"search-expand:{prefix}", f"search-rank:{prefix}:{block}:{offset}:{limit}"
    kept = cache.get_many([expand_key, rank_key]) if words else {}  # one round trip for both
    expansion = kept.get(expand_key)
    if expansion is None:
        expansion = expand(words, language)
        if remember and words and uses_postgres():
            cache.set(expand_key, expansion, CACHE_SECONDS)
    if not expansion.alternatives:  # nothing typed, or only stop words ("the", "het")
        return SearchOutcome(query, words, [], 0, {}, "", expansion, ignored)
    ranking = kept.get(rank_key)
    if ranking is None:
        if uses_postgres():
            ranking = rank_on_postgres(expansion, language, block, offset, limit)
        else:
            ranking = rank_on_sqlite(expansion, language, block, offset, limit)
        if remember:
            cache.set(rank_key, ranking, CACHE_SECONDS)
    ids, counts = ranking
    by_id = result_rows(ids, language) if ids else {}
    results = [by_id[entry_id] for entry_id in ids if entry_id in by_id]
    for entry in results:
        entry.snippet = highlight(snippet_text(entry, expansion), expansion)
        entry.title_html = highlight(entry.title, expansion, length=1000)
    total = counts.get(block, 0) if block is not None else sum(counts.values())
    return SearchOutcome(
        query, words, results, total, counts, expansion.suggestion(words), expansion, ignored
    )
