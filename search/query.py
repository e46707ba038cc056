"""Running a reader's search against the per-language index (see ``search.index``).

PostgreSQL: each query word is widened with the vocabulary words that look like it (pg_trgm
word similarity: grens → grenzen, frustatie → frustratie) and matched as a prefix of its stem
(kind → kinderen); pages holding every word rank first, then by weighted ts_rank (title above
keywords above body). SQLite: every word matched as a substring, title hits ranked first.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Subquery, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .index import search_config, search_version, uses_postgres
from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
SNIPPET_LENGTH = 220
QUERY_WORD_RE = re.compile(r"\w+")


def clean_query(raw):
    """What the reader typed, made safe to echo and search: no control or bidi-override
    characters, whitespace collapsed, cut to a sane length."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else char
        for char in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_words(query, language=None):
    """The words to search for. Words every page shares in this knowledge base ("kind",
    "child") are dropped when the query has other words, so they cannot outrank the rest."""
    words = []
    for word in QUERY_WORD_RE.findall(query.lower()):
        word = word.strip("_")
        if word and word not in words:
            words.append(word[:100])
    common = settings.SEARCH_COMMON_WORDS.get(language, ())
    specific = [word for word in words if word not in common]
    return (specific or words)[:MAX_WORDS]


@dataclass
class Expansion:
    """Per query word: the words it also stands for, and a spelling to propose if it is unknown."""

    alternatives: dict = field(default_factory=dict)
    corrections: dict = field(default_factory=dict)

    def suggestion(self, words):
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in words)


def expand(words, language):
    """One query for all words, cached until the index changes."""
    if not words or not uses_postgres():
        return Expansion(alternatives={word: [word] for word in words})
    # Hashed: readers' words hold spaces and any script, which some cache backends refuse.
    words_hash = hashlib.sha256(" ".join(words).encode()).hexdigest()
    key = f"search-expand:{search_version.current()}:{language}:{words_hash}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.word, w.word, similarity(q.word, w.word) AS score
            FROM unnest(%s::text[]) AS q(word)
            JOIN kennisbank_search_searchword AS w
              ON w.language = %s AND q.word <%% w.word
            ORDER BY q.word, score DESC
            """,
            [words, language],
        )
        rows = cursor.fetchall()
    expansion = Expansion(alternatives={word: [word] for word in words})
    known = {word for word, other, _score in rows if word == other}
    for word, other, score in rows:
        # Short words ("voor", "at") look like too many others to widen usefully.
        if other != word and len(word) >= 5 and len(expansion.alternatives[word]) < 6:
            expansion.alternatives[word].append(other)
        if word not in known and word not in expansion.corrections and score >= 0.3:
            expansion.corrections[word] = other
    cache.set(key, expansion, 3600)
    return expansion


def _tsquery(expansion, operator):
    """A to_tsquery string; every lexeme is a \\w+ word, quoted, so no input can inject syntax."""
    groups = []
    for alternatives in expansion.alternatives.values():
        terms = " | ".join(
            f"'{word}':*" if len(word) >= 4 else f"'{word}'" for word in alternatives
        )
        groups.append(f"({terms})")
    return f" {operator} ".join(groups)


def matching_entries(words, language, expansion):
    """(entries that match, function that ranks a queryset of entries the same way)."""
    entries = SearchEntry.objects.filter(language=language)
    if uses_postgres():
        config = search_config(language)
        any_word = SearchQuery(_tsquery(expansion, "|"), config=config, search_type="raw")
        every_word = SearchQuery(_tsquery(expansion, "&"), config=config, search_type="raw")
        expanded = any(len(group) > 1 for group in expansion.alternatives.values())
        rank = SearchRank(F("search_vector"), any_word)
        if expanded:
            # The words as typed count double: an exact hit beats one found through a look-alike.
            as_typed = SearchQuery(_tsquery(Expansion({w: [w] for w in words}), "|"),
                                   config=config, search_type="raw")
            rank = rank + 2 * SearchRank(F("search_vector"), as_typed)

        def ranked(queryset):
            return queryset.annotate(
                all_words=Case(
                    When(search_vector=every_word, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                rank=rank,
            ).order_by("-all_words", "-rank", "page__path")

        return entries.filter(search_vector=any_word), ranked
    score = sum(
        (
            Case(
                When(title__icontains=word, then=Value(10.0)),
                When(document__contains=word, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for word in words
        ),
        Value(0.0),
    )
    any_word = Q()
    for word in words:
        any_word |= Q(document__contains=word)

    def ranked(queryset):
        return queryset.annotate(rank=score).order_by("-rank", "page__path")

    return entries.filter(any_word), ranked


def highlight(text, expansion, length=SNIPPET_LENGTH):
    """A short escaped excerpt around the first match, matched words wrapped in <mark>."""
    terms = sorted(
        {term for group in expansion.alternatives.values() for term in group}, key=len,
        reverse=True,
    )
    if not text:
        return ""
    if not terms:
        return escape(text[:length])
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(term[:-1] if len(term) > 4 else term) for term in terms)
        + r")\w*", re.IGNORECASE,
    )
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - length // 3)
    excerpt = text[start : start + length]
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


@dataclass
class SearchOutcome:
    query: str
    words: list
    results: list
    total: int
    block_counts: dict
    suggestion: str
    expansion: Expansion


def block_counts(entries):
    rows = entries.order_by().values("block_number").annotate(n=Count("id"))
    return {row["block_number"]: row["n"] for row in rows}


def run_search(query, language, block=None, offset=0, limit=None):
    """Results for one page of a search; three queries at most, whatever the corpus size."""
    limit = limit or settings.SEARCH_RESULTS_PER_PAGE
    words = query_words(query, language)
    expansion = expand(words, language)
    if not words:
        return SearchOutcome(query, words, [], 0, {}, "", expansion)
    entries, ranked = matching_entries(words, language, expansion)
    counts = block_counts(entries)
    if block is not None:
        entries = entries.filter(block_number=block)
        total = counts.get(block, 0)
    else:
        total = sum(counts.values())
    results = []
    if total:
        # Rank narrow rows (ids only) over every match, then fetch and rank just this page's
        # rows: the wide ones (body, vectors) never reach the sort. Still one query.
        page_ids = ranked(entries).values("id")[offset : offset + limit]
        results = list(ranked(SearchEntry.objects.filter(id__in=Subquery(page_ids)))
                       .select_related("page"))
    for entry in results:
        entry.snippet = highlight(entry.body or entry.title, expansion)
        entry.title_html = highlight(entry.title, expansion, length=1000)
    return SearchOutcome(
        query, words, results, total, counts, expansion.suggestion(words), expansion
    )
