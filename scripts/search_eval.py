"""Search quality on queries the ranking was never tuned on (make search-eval).

Loads the seed content into a fresh PostgreSQL database (``--database``, dropped and recreated),
then reports top-1, top-3 and mean reciprocal rank per language for

* the site: ``search.query.run_search``, the function the search view ranks with;
* BM25 (k1 1.2, b 0.75) over exactly the text the site indexes (each entry's title, keywords,
  situations and body), words stemmed by PostgreSQL's snowball configuration of the language and Arabic
  normalised first (what Elasticsearch's default analysers do);

on three sets: the unseen queries (``tests/data/unseen_queries.json``, written by someone who read
neither the content nor the ranking code; a query counts as found at the best rank of its
expected attitudes, and again at the rank of the most fitting one alone), the existing tables
of ``tests/test_search_quality.py`` and a second English set written the same way
(``tests/data/english_queries_2.json``, read after its first score). Only totals are
printed: the unseen queries' wording stays out of sight of whoever tunes the search.

    python -m scripts.search_eval [--database NAME] [--reuse]
"""

import argparse
import json
import math
from collections import Counter

from scripts import bench_common as bc

UNSEEN = bc.ROOT / "tests" / "data" / "unseen_queries.json"
# 40 more English queries written the same way, whose misses have been read (its "about").
ENGLISH_2 = bc.ROOT / "tests" / "data" / "english_queries_2.json"
DEPTH = 10  # ranks past this count as not found (reciprocal rank 0)


def prepare(dbname, reuse):
    """A database holding the seed content and its search index."""
    bc.fresh_or_reused(dbname, reuse)
    bc.manage("migrate", "load_bouwstenen", "rebuild_search_index")


def site_ranking(query, language):
    from search.query import run_search

    outcome = run_search(query, language, limit=DEPTH, remember=False)
    return [entry.page_id for entry in outcome.results]


class BM25:
    """Okapi BM25 over the site's entries of one language, stems from PostgreSQL."""

    def __init__(self, language, k1=1.2, b=0.75):
        from search.models import SearchEntry

        self.language, self.k1, self.b = language, k1, b
        self.docs = {}
        for entry in SearchEntry.objects.filter(language=language):
            text = "\n".join(part for part in entry_texts(entry) if part)
            self.docs[entry.page_id] = self.terms(text, "nl" if entry.fallback else language)
        self.lengths = {page: sum(tf.values()) for page, tf in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(1, len(self.docs))
        self.df = Counter(term for tf in self.docs.values() for term in tf)

    @staticmethod
    def terms(text, language):
        """Stem → count, as the language's snowball configuration reads the text."""
        from django.db import connection

        from search.index import search_config

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lexeme, coalesce(array_length(positions, 1), 1) "
                "FROM unnest(to_tsvector(%s::regconfig, %s))",
                [search_config(language), analysed(text, language)],
            )
            return Counter(dict(cursor.fetchall()))

    def ranking(self, query):
        words = self.terms(query, self.language)
        size = len(self.docs)
        scores = {}
        for page, tf in self.docs.items():
            norm = self.k1 * (1 - self.b + self.b * self.lengths[page] / self.average)
            score = sum(
                math.log(1 + (size - self.df[w] + 0.5) / (self.df[w] + 0.5))
                * tf[w] * (self.k1 + 1) / (tf[w] + norm)
                for w in words if tf[w]
            )
            if score:
                scores[page] = score
        return sorted(scores, key=lambda page: -scores[page])[:DEPTH]


def entry_texts(entry):
    return [entry.title, entry.keywords, entry.situations, entry.body]


def analysed(text, language):
    """Arabic as Elasticsearch's arabic_normalization leaves it (no marks or tatweel, one alef,
    ى as ي, ة as ه): the site's own folding does the same. Other languages as they are."""
    from search.arabic import normalise

    return normalise(text) if language == "ar" else text


def scores(ranks):
    """(n, top-1, top-3, MRR) of a list of ranks (None: not in the first DEPTH)."""
    n = len(ranks)
    top1 = sum(rank == 1 for rank in ranks)
    top3 = sum(bool(rank) and rank <= 3 for rank in ranks)
    mrr = sum(1 / rank for rank in ranks if rank) / max(1, n)
    return n, top1, top3, mrr


def best_rank(ranking, expected_ids):
    found = [ranking.index(page) + 1 for page in expected_ids if page in ranking]
    return min(found) if found else None


def query_sets():
    """{set name: [(language, query, [expected page ids])]}."""
    from kennisbank.content.models import AttitudePage
    from tests import test_search_quality as quality

    unseen = json.loads(UNSEEN.read_text(encoding="utf-8"))["queries"]
    english_2 = json.loads(ENGLISH_2.read_text(encoding="utf-8"))["queries"]
    by_key = dict(AttitudePage.objects.values_list("seed_key", "id"))
    tables = quality.QUERIES + quality.SENTENCES + quality.SITUATIONS
    return {
        "unseen": [(q["language"], q["query"], [by_key[k] for k in q["expected"]]) for q in unseen],
        "unseen, first expected only": [
            (q["language"], q["query"], [by_key[q["expected"][0]]]) for q in unseen
        ],
        "existing tables": [(lang, q, [quality.expected_page(ref).id]) for lang, q, ref in tables],
        "English set 2": [(q["language"], q["query"], [by_key[k] for k in q["expected"]]) for q in english_2],
    }


def cell(count, n):
    return f"{count}/{n} ({count / max(1, n):.0%})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="kennisbank_search_eval",
                        help="database to (re)create for the measure; its name must hold 'eval'")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    parser.add_argument("--existing-only", action="store_true",
                        help="only the existing tables: what tuning may look at")
    args = parser.parse_args(argv)
    prepare(args.database, args.reuse)

    bm25 = {language: BM25(language) for language in bc.LANGS}
    engines = {"site": site_ranking, "BM25": lambda query, language: bm25[language].ranking(query)}
    rows = []
    for set_name, queries in query_sets().items():
        if args.existing_only and set_name.startswith("unseen"):
            continue
        for engine, rank in engines.items():
            totals = []
            for language in bc.LANGS:
                ranks = [best_rank(rank(query, lang), expected)
                         for lang, query, expected in queries if lang == language]
                if not ranks:  # English set 2 holds only English
                    continue
                totals += ranks
                n, top1, top3, mrr = scores(ranks)
                rows.append([set_name, engine, language, n, cell(top1, n), cell(top3, n), f"{mrr:.2f}"])
            n, top1, top3, mrr = scores(totals)
            rows.append([set_name, engine, "all", n, cell(top1, n), cell(top3, n), f"{mrr:.2f}"])
    print(bc.table(["queries", "engine", "language", "n", "top-1", "top-3", "MRR"], rows))


if __name__ == "__main__":
    main()
