"""Ranking a query's words against the per-language index (``search.index``).

PostgreSQL ranks every page that holds at least one meaningful word by the sum over the query's
words of (how rare the word is in this language) × (where the page holds it: title above keywords,
situations as the body), so the page holding most of the meaningful words comes first, plus how
close together the page holds all of them (cover density). Words
nearly every page holds (``SEARCH_COMMON_WORDS``: "kind", "child") only find pages when the query
has nothing else. Ranking, block counts and the requested page of results are one SQL statement.
SQLite matches words as substrings and ranks title hits first.
"""


from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, FloatField, Q, Value, When
from psycopg import sql as pgsql

from .index import config_text, search_config
from .models import SearchEntry

# ts_rank weights for an attitude's situations (D), body (C), keywords (B) and title (A).
# Situations weigh as the body does: weighed more, the everyday words they share with other
# attitudes ("snel", "boos") pulled pages down the existing query tables (docs/benchmarks.md).
FIELD_WEIGHTS = "{0.2, 0.2, 1.0, 1.0}"
# What holding a word at all adds to its field-weighted rank: a situation is usually told in an
# example or a situation line, so several of the query's words there outweigh one in a title.
COVERAGE = 0.5
# What holding all the query's words close together adds (ts_rank_cd, every field alike): a
# reader's sentence often retells one situation line or example, and the page that holds its
# words in one place answers it better than one holding them pages apart. Chosen on the existing
# query tables, where 1 to 4 rank alike (docs/benchmarks.md).
NEARNESS = 1.0
# Nearness is worked out for this many of the best pages by their words alone, which rise above
# the rest by it: worked out for every matching page, it made the ranking of a multi-word query
# on 10 000 pages about 1.8 times as slow (docs/benchmarks.md).
RERANKED = 100

def _configs(language):
    """Readers in another language also find the Dutch text that stands in for a missing
    translation (``SearchEntry.fallback``), so their words are stemmed both ways."""
    configs = [search_config(language)]
    if language != settings.LANGUAGE_CODE:
        configs.append(search_config(settings.LANGUAGE_CODE))
    return configs


def _lexemes(group, language):
    """SQL (and parameters) for one word group's tsquery: its forms OR-ed, each as its
    configuration reads it (``config_text``). Every form is a \\w+ word, quoted, so no input can
    inject tsquery syntax."""
    parts = ["to_tsquery(%s::regconfig, %s)"] * len(_configs(language))
    params = [value for config in _configs(language)
              for value in (config, " | ".join(f"'{config_text(form, config)}'" for form in group))]
    return "(" + " || ".join(parts) + ")", params


def _group_rank(number, group, language):
    """ts_rank of one word group, undoing ts_rank's division by the number of the query's
    lexemes: a word with three forms counts as much as a word with one."""
    query, params = _lexemes(group, language)
    lengths = " || ".join(["to_tsvector(%s::regconfig, %s)"] * len(_configs(language)))
    params += [value for config in _configs(language)
               for value in (config, config_text(" ".join(group), config))]
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
ranked AS (
    SELECT scored.id, scored.path, {score} AS score
    FROM scored, frequency
    WHERE %s::int IS NULL OR scored.block_number = %s::int
),
best AS (
    SELECT best.id, best.score + {near_weight} * {nearness} AS score
    FROM (SELECT id, score FROM ranked ORDER BY score DESC, path LIMIT {reranked}) AS best
    JOIN matches USING (id)
),
page AS (
    SELECT ranked.id, ranked.path, best.id IS NOT NULL AS best,
           coalesce(best.score, ranked.score) AS score
    FROM ranked LEFT JOIN best USING (id)
    ORDER BY best DESC, score DESC, ranked.path
    LIMIT %s OFFSET %s
)
SELECT facets.counts, page.id FROM facets LEFT JOIN page ON true
ORDER BY page.best DESC, page.score DESC, page.path
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


def rank_on_postgres(expansion, language, block, offset, limit):
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
    any_parts, lexeme_params = [], []
    word_ranks, frequencies, score_parts, rank_params = [], [], [], []
    for number, (_word, group) in enumerate(groups):
        sql, group_params = _lexemes(group, language)
        any_parts.append(sql)
        lexeme_params += group_params
        sql, group_params = _group_rank(number, group, language)
        word_ranks.append(sql)
        rank_params += group_params
        frequencies.append(f"count(*) FILTER (WHERE r{number} > 0) AS d{number}")
        # Rarer words weigh more (inverse document frequency, as BM25 has it); holding the word
        # at all counts (COVERAGE), where it stands adds to that (title above keywords above body).
        weight = f"ln(1 + (size - d{number} + 0.5) / (d{number} + 0.5))"
        score_parts.append(f"{weight} * ({COVERAGE} * (r{number} > 0)::int + r{number})")
    # Every word's forms AND-ed: a page missing one has no cover (0), as has a one-word query.
    nearness = f"ts_rank_cd('{{1, 1, 1, 1}}', vector, {' && '.join(any_parts)})"
    sql = RANK_SQL.format(
        any_word=" || ".join(any_parts),
        nearness=nearness if len(groups) > 1 else "0",
        near_weight=NEARNESS,
        reranked=RERANKED,
        word_ranks=", ".join(word_ranks),
        frequencies=", ".join(frequencies),
        score=" + ".join(score_parts),
    )
    near_params = lexeme_params if len(groups) > 1 else []
    return sql, [language, *lexeme_params, *rank_params, language, block, block, *near_params,
                 limit, offset]


def rank_on_sqlite(expansion, language, block, offset, limit):
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
