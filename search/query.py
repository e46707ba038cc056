"""Running a reader's search against the per-language index (see ``search.index``).

A query is cut into words (at most ``MAX_WORDS``; the rest is reported, not silently dropped),
spelled as the index spells them (Arabic variants folded, ``search.arabic``). Each word stands
for itself, its inflections found in the indexed vocabulary (grens → grenzen, luistert →
luisteren; look-alikes such as school → schoot are not inflections), the bare form of an Arabic
word with attached clitics (لطفلي → طفل), the pages' words for an everyday word (عايز → يريد,
``search.dialect``) and, only when the word appears nowhere, the closest spelling (frustatie →
frustratie).

PostgreSQL ranks every page that holds at least one meaningful word by the sum over the query's
words of (how rare the word is in this language) × (where the page holds it: title above keywords
and situations above body), so the page holding most of the meaningful words comes first. Words nearly every
page holds (``SEARCH_COMMON_WORDS``: "kind", "child") only find pages when the query has nothing
else. Ranking, block counts and the requested page of results are one SQL statement. SQLite
matches words as substrings and ranks title hits first.
"""

import hashlib
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, FloatField, Q, Value, When
from psycopg import sql as pgsql

from kennisbank.core.languages import reading_columns

from . import arabic
from .dialect import standard_words
from .index import search_config, search_version, uses_postgres
from .models import SearchEntry, spelled
from .snippets import highlight, snippet_text

MAX_QUERY_LENGTH = 500
MAX_WORDS = 32
MAX_WORD_LENGTH = 60
# Forms one query word stands for at most (its inflections, bare form, standard words).
MAX_FORMS = 8
CACHE_SECONDS = 600
# ts_rank weights for an attitude's situations (D), body (C), keywords (B) and title (A).
# Situations weigh as the body does: weighed more, the everyday words they share with other
# attitudes ("snel", "boos") pulled pages down the existing query tables (docs/benchmarks.md).
FIELD_WEIGHTS = "{0.2, 0.2, 1.0, 1.0}"
# What holding a word at all adds to its field-weighted rank: a situation is usually told in an
# example or a situation line, so several of the query's words there outweigh one in a title.
COVERAGE = 0.5

# Endings that turn one form of a word into another of the same word; s/z and f/v count as one
# letter (grens/grenzen, leven/leef).
INFLECTION_ENDINGS = {
    "nl": {"", "e", "en", "n", "s", "es", "t", "te", "ten", "d", "de", "den", "er", "ere", "eren",
           "ers", "je", "jes", "tje", "tjes", "st", "ste"},
    "en": {"", "s", "es", "ed", "d", "ing", "er", "ers", "est", "ies", "ied", "y", "ren", "'s"},
}



def clean_query(raw):
    """What the reader typed, made safe to echo and search: no control or bidi-override
    characters, whitespace collapsed, cut at a word boundary past a sane length."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else char
        for char in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        text = text.rsplit(" ", 1)[0] if " " in text else text
    return text


def split_query(query):
    """(the words searched for, the words past ``MAX_WORDS`` that are not), spelled as the index
    spells them (``search.arabic``)."""
    words = []
    for word in spelled(query):
        word = word.strip("_")[:MAX_WORD_LENGTH]
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS], words[MAX_WORDS:]


def query_words(query):
    return split_query(query)[0]


def is_inflection(word, other, language):
    """Whether `other` is another form of `word` (not merely a word that looks like it)."""
    if language == "ar":
        return arabic.core(word) == arabic.core(other)
    endings = INFLECTION_ENDINGS.get(language)
    if endings is None:
        return word == other
    if min(len(word), len(other)) < 3:
        return False
    common = 0
    for a, b in zip(word, other, strict=False):
        if a != b and {a, b} not in ({"s", "z"}, {"f", "v"}):
            break
        common += 1
    if common < 3 or common < min(len(word), len(other)) - 2:
        return False
    rest = [word[common:], other[common:]]
    doubled = False
    if "" in rest:
        # A doubled consonant before an ending: stop/stopping, zeg/zeggen (not wanneer/want).
        longer = max(rest, key=len)
        if longer and longer[0] == word[common - 1] and longer[1:] in endings:
            rest, doubled = ["", longer[1:]], True
    if min(len(word), len(other)) == 3 and not doubled:
        return False  # kan/kans, wat/water: too short to tell an ending from another word
    if all(rest) and max(map(len, rest)) < 2:
        return False  # moet/moed: one letter against another is another word
    return all(r in endings for r in rest)


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


@dataclass
class Expansion:
    """Per query word: the forms it stands for, and a spelling to propose if it is unknown."""

    alternatives: dict = field(default_factory=dict)
    corrections: dict = field(default_factory=dict)
    common: set = field(default_factory=set)
    unknown: set = field(default_factory=set)

    def suggestion(self, words):
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(word, word) for word in words)

    @property
    def specific(self):
        """The words that decide which pages match: the ones the knowledge base holds, less the
        common ones unless the query has nothing else ("كيف أقول لا لطفلي": "لا" and "طفل")."""
        known = [w for w in self.alternatives if w not in self.unknown]
        return [w for w in known if w not in self.common] or known or list(self.alternatives)

    def terms(self):
        return {term for group in self.alternatives.values() for term in group}


def _common_words(language):
    return {arabic.normalise(word) for word in settings.SEARCH_COMMON_WORDS.get(language, ())}


def expand(words, language):
    """Forms and spellings per word from the indexed vocabulary (one query), with the words the
    pages use for an everyday word (``search.dialect``).

    Each probe looks up its look-alikes through the trigram index (the LATERAL subquery, kept
    apart by OFFSET 0): joined as a whole, PostgreSQL compared every probe with every word of
    the language's vocabulary, which cost Arabic most, with twice Dutch's vocabulary and up to
    three probes a word (docs/benchmarks.md)."""
    common = _common_words(language)
    everyday = standard_words(language) if words else {}
    heads = {word: [word, *everyday.get(word, everyday.get(arabic.core(word), []))] for word in words}
    expansion = Expansion(
        alternatives={word: [word] for word in words},
        common={word for word in words if any(
            head in common or (language == "ar" and arabic.core(head) in common) for head in heads[word]
        )},
    )
    if not words or not uses_postgres():
        return expansion
    probes = {word: set(heads[word]) for word in words}
    if language == "ar":
        for word in words:
            probes[word] |= {form for head in heads[word] for form in arabic.probes(head)}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.probe, numnode(plainto_tsquery(%s::regconfig, q.probe)) = 0 AS stop,
                   w.word, similarity(q.probe, w.word) AS score
            FROM unnest(%s::text[]) AS q(probe)
            LEFT JOIN LATERAL (
                SELECT word FROM kennisbank_search_searchword
                WHERE language = %s AND word %% q.probe
                OFFSET 0
            ) AS w ON true
            ORDER BY q.probe, score DESC, w.word
            """,
            [search_config(language), sorted(set().union(*probes.values())), language],
        )
        neighbours, stop_words = {}, set()
        for probe, stop, word, score in cursor.fetchall():
            if stop:
                stop_words.add(probe)
            if word is not None:
                neighbours.setdefault(probe, []).append((word, score))
    for word in words:
        if word in stop_words:
            # The language's stop words ("wordt", "the") are in no vector: their look-alikes
            # ("word") must not stand in for them.
            del expansion.alternatives[word]
            continue
        found = [pair for probe in sorted(probes[word]) for pair in neighbours.get(probe, [])]
        vocabulary = {other for other, _score in found}
        # The bare and standard forms the pages hold first, then other inflections of them.
        exact = sorted((vocabulary & probes[word]) - {word})
        inflected = sorted({other for other in vocabulary if other != word and other not in exact
                            and any(is_inflection(head, other, language) for head in heads[word])})
        forms = (exact + inflected)[:MAX_FORMS]
        expansion.alternatives[word] += forms
        if word in vocabulary or forms:
            continue
        # Unknown here: propose the closest spelling, but only a near miss.
        for other, score in found:
            if score >= 0.35 and edit_distance(word, other) <= max(1, len(word) // 4):
                expansion.alternatives[word].append(other)
                expansion.corrections[word] = other
                break
        else:
            expansion.unknown.add(word)
    return expansion


def _configs(language):
    """Readers in another language also find the Dutch text that stands in for a missing
    translation (``SearchEntry.fallback``), so their words are stemmed both ways."""
    configs = [search_config(language)]
    if language != settings.LANGUAGE_CODE:
        configs.append(search_config(settings.LANGUAGE_CODE))
    return configs


def _lexemes(group, language):
    """SQL (and parameters) for one word group's tsquery: its forms OR-ed. Every form is a \\w+
    word, quoted, so no input can inject tsquery syntax."""
    text = " | ".join(f"'{form}'" for form in group)
    parts = ["to_tsquery(%s::regconfig, %s)"] * len(_configs(language))
    params = [value for config in _configs(language) for value in (config, text)]
    return "(" + " || ".join(parts) + ")", params


def _group_rank(number, group, language):
    """ts_rank of one word group, undoing ts_rank's division by the number of the query's
    lexemes: a word with three forms counts as much as a word with one."""
    query, params = _lexemes(group, language)
    text = " ".join(group)
    lengths = " || ".join(["to_tsvector(%s::regconfig, %s)"] * len(_configs(language)))
    params += [value for config in _configs(language) for value in (config, text)]
    sql = (f"ts_rank('{FIELD_WEIGHTS}', vector, {query}) * greatest(1, length({lengths}))"
           f" AS r{number}")
    return sql, params


RANK_SQL = """
WITH matches AS MATERIALIZED (
    SELECT e.id, e.block_number, p.path, (e.search_vector || ''::tsvector) AS vector
    FROM kennisbank_search_searchentry AS e
    JOIN wagtailcore_page AS p ON p.id = e.page_id
    WHERE e.language = %s AND e.search_vector @@ ({any_word})
),
scored AS (
    SELECT id, block_number, path, {word_ranks} FROM matches
),
frequency AS (
    SELECT {frequencies},
           (SELECT count(*) FROM kennisbank_search_searchentry WHERE language = %s) AS size
    FROM scored
),
facets AS (
    SELECT coalesce(json_object_agg(coalesce(block_number, 0), n), '{{}}') AS counts
    FROM (SELECT block_number, count(*) AS n FROM matches GROUP BY block_number) AS per_block
),
page AS (
    SELECT scored.id, scored.path, {score} AS score
    FROM scored, frequency
    WHERE %s::int IS NULL OR scored.block_number = %s::int
    ORDER BY score DESC, scored.path
    LIMIT %s OFFSET %s
)
SELECT facets.counts, page.id FROM facets LEFT JOIN page ON true
ORDER BY page.score DESC, page.path
"""


def with_values(statement, params):
    """`statement` with its parameters written in as SQL literals (quoted by psycopg).

    The site's connections prepare a statement run twice (``prepare_threshold``), and after five
    runs PostgreSQL may switch a prepared statement to a generic plan, made without the values.
    For the ranking that plan was far slower (docs/benchmarks.md); with the values in the text,
    every plan is made for its own words.
    """
    template = statement.replace("{", "{{").replace("}", "}}").replace("%s", "{}")
    composed = pgsql.SQL(template).format(*(pgsql.Literal(value) for value in params))
    return composed.as_string(connection.connection)


def _rank_postgres(expansion, language, block, offset, limit):
    """(ids of the requested page of results in order, {block number: count})."""
    sql, params = rank_sql(expansion, language, block, offset, limit)
    with connection.cursor() as cursor:
        cursor.execute(with_values(sql, params))
        rows = cursor.fetchall()
    counts = rows[0][0] if rows else {}
    block_counts = {(int(number) or None): n for number, n in counts.items()}
    return [entry_id for _counts, entry_id in rows if entry_id is not None], block_counts


def rank_sql(expansion, language, block, offset, limit):
    """The ranking statement (``RANK_SQL``) and its parameters for one search. Only the words
    that decide membership are ranked: a common word ("kind") with others beside it would only
    favour pages that say it in their title."""
    groups = [(word, expansion.alternatives[word]) for word in expansion.specific]
    any_parts, params = [], [language]
    word_ranks, frequencies, score_parts, rank_params = [], [], [], []
    for number, (_word, group) in enumerate(groups):
        sql, group_params = _lexemes(group, language)
        any_parts.append(sql)
        params += group_params
        sql, group_params = _group_rank(number, group, language)
        word_ranks.append(sql)
        rank_params += group_params
        frequencies.append(f"count(*) FILTER (WHERE r{number} > 0) AS d{number}")
        # Rarer words weigh more (inverse document frequency, as BM25 has it); holding the word
        # at all counts (COVERAGE), where it stands adds to that (title above keywords above body).
        weight = f"ln(1 + (size - d{number} + 0.5) / (d{number} + 0.5))"
        score_parts.append(f"{weight} * ({COVERAGE} * (r{number} > 0)::int + r{number})")
    sql = RANK_SQL.format(
        any_word=" || ".join(any_parts),
        word_ranks=", ".join(word_ranks),
        frequencies=", ".join(frequencies),
        score=" + ".join(score_parts),
    )
    return sql, params + rank_params + [language, block, block, limit, offset]


def _rank_sqlite(expansion, language, block, offset, limit):
    entries = SearchEntry.objects.filter(language=language)
    membership = Q()
    for word in expansion.specific:
        for form in expansion.alternatives[word]:
            membership |= Q(document__contains=form)
    entries = entries.filter(membership)
    score = sum(
        (
            Case(
                When(title__icontains=word, then=Value(3.0)),
                When(keywords__icontains=word, then=Value(2.0)),
                When(document__contains=word, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for word in expansion.specific
        ),
        Value(0.0),
    )
    rows = entries.order_by().values("block_number").annotate(n=Count("id"))
    counts = {row["block_number"]: row["n"] for row in rows}
    if block is not None:
        entries = entries.filter(block_number=block)
    ids = list(
        entries.annotate(rank=score).order_by("-rank", "page__path")
        .values_list("id", flat=True)[offset : offset + limit]
    )
    return ids, counts


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
    words, ignored = split_query(query)
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
            ranking = _rank_postgres(expansion, language, block, offset, limit)
        else:
            ranking = _rank_sqlite(expansion, language, block, offset, limit)
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
