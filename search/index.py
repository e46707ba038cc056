"""The per-language search index and how it is kept current.

Design: ``SearchEntry`` holds one row per live page and language with that language's text
(Dutch where a translation is missing, as readers see it; ``fallback`` when the page has no
title in the language). On PostgreSQL a weighted tsvector (title A, keywords B, body C, an
attitude's situations D) is built with the language's text-search configuration
(``SEARCH_CONFIGS``; the Dutch one for a fallback entry) and GIN-indexed; situations, in the
words readers search with, have their own weight in the ranking (``search.ranking``).
``SearchWord`` holds the vocabulary for inflections and spelling suggestions, counting per word
the entries that hold it, so a word leaves with the last entry that held it. On SQLite the
lower-cased ``document`` column is matched with LIKE. Pages behind a view restriction (password,
login, groups), or below one, have no entries and add no words: readers may only find, and be
offered, what they may open. Signals (``search.signals``)
re-index on publish, unpublish, move, delete and a change of view restriction;
``manage.py rebuild_search_index`` rebuilds all. Cached search work is keyed by
``search_version``, bumped when a change is made and again when it commits.
"""

import re
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from kennisbank.caching.version import CacheVersion
from kennisbank.content.blocks import stream_texts
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.content.text import plain_text

from . import english
from .arabic import normalise
from .models import SearchEntry, SearchWord

# Two letters and up: Arabic "لا" (no) and Dutch "nu" are words a query can turn on.
WORD_RE = re.compile(r"\w{2,}")
INDEXED_TYPES = (BlockPage, AttitudePage, ContentPage)


def search_config(language):
    return settings.SEARCH_CONFIGS.get(language, "simple")


def config_text(text, config):
    """`text` as the text-search configuration `config` is to read it, in vectors and queries
    alike: PostgreSQL's English one misreads negations ("won't" as "won", ``search.english``)."""
    return english.for_config(text) if config == "english" else text


def uses_postgres():
    return connection.vendor == "postgresql"


def _stream_text(stream):
    """Every text value in a StreamField (examples and exercises), in reading order."""
    return [plain_text(text) for _path, text in stream_texts(stream.raw_data if stream else [])]


def document_for(page, block_numbers):
    """(title, keywords, situations, body, block number) of a page in the active language.

    `block_numbers` maps a block's tree path to its number, so attitudes need no query each.
    """
    if isinstance(page, BlockPage):
        body = [page.goal, plain_text(page.introduction), plain_text(page.body)]
        return page.title, page.alternative_names, "", body, page.number
    if isinstance(page, ContentPage):
        return page.title, "", "", [page.summary, plain_text(page.body)], None
    body = [page.summary, plain_text(page.explanation)]
    body += _stream_text(page.examples) + _stream_text(page.exercises)
    situations = "\n".join(page.situation_list())
    return page.title, page.keywords, situations, body, block_numbers.get(page.path[: -Page.steplen])


def indexable_pages():
    """Blocks, attitudes and the standing pages are what readers search for; the home page is
    the way in."""
    return Page.objects.live().type(*INDEXED_TYPES)


def restricted_paths():
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def document_words(document):
    """The words an entry's document adds to the vocabulary (``SearchWord``)."""
    return {word[:100] for word in WORD_RE.findall(document)}


def update_vocabulary(removed, added):
    """Count the words of entries `removed` and `added` (each a list of (language, document))
    in ``SearchWord.pages``; a word no entry holds any more leaves the vocabulary.

    One upsert per changed word, in a fixed order (two publishes touching the same words lock
    them in the same order), on PostgreSQL and SQLite alike: Django's bulk_create cannot add to
    a count.
    """
    change = Counter()
    for sign, entries in ((1, added), (-1, removed)):
        for language, document in entries:
            for word in document_words(document):
                change[language, word] += sign
    rows = sorted((language, word, n) for (language, word), n in change.items() if n)
    if not rows:
        return
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (language, word, pages) VALUES (%s, %s, %s) "
            f"ON CONFLICT (language, word) DO UPDATE SET pages = {table}.pages + excluded.pages",
            rows,
        )
    fewer = {}
    for language, word, n in rows:
        if n < 0:
            fewer.setdefault(language, []).append(word)
    for language, words in fewer.items():
        SearchWord.objects.filter(language=language, word__in=words, pages__lte=0).delete()


def _remove_entries(page_ids):
    """Delete the pages' entries and return what they held, as (language, document). Their rows
    are locked first: a publish of the same page at the same moment waits and then counts what
    this one wrote."""
    entries = SearchEntry.objects.select_for_update().filter(page_id__in=page_ids)
    removed = list(entries.values_list("language", "document"))
    SearchEntry.objects.filter(page_id__in=page_ids).delete()
    return removed


@transaction.atomic
def index_pages(pages):
    """(Re)build the entries of the given pages (a queryset of Page) in every language."""
    pages = list(pages.specific())
    if not pages:
        return
    ids = [page.id for page in pages]
    removed = _remove_entries(ids)
    restricted = restricted_paths()
    pages = [page for page in pages if page.live and not page.path.startswith(restricted)]
    block_numbers = dict(BlockPage.objects.values_list("path", "number"))
    entries = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for page in pages:
                title, keywords, situations, body, number = document_for(page, block_numbers)
                body_text = "\n".join(part for part in body if part)
                document = normalise(f"{title}\n{keywords}\n{situations}\n{body_text}".lower())
                entries.append(
                    SearchEntry(
                        page_id=page.id, language=language, block_number=number, title=title,
                        keywords=keywords or "", situations=situations, body=body_text,
                        document=document,
                        fallback=not getattr(page, f"title_{language}", title),
                    )
                )
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    update_vocabulary(removed, [(entry.language, entry.document) for entry in entries])
    if uses_postgres():
        write_vectors(entries)
    search_version.bump_now_and_at_commit()


VECTORS_SQL = """
UPDATE kennisbank_search_searchentry AS e SET search_vector =
    setweight(to_tsvector(v.config::regconfig, v.title), 'A')
    || setweight(to_tsvector(v.config::regconfig, v.keywords), 'B')
    || setweight(to_tsvector(v.config::regconfig, v.situations), 'D')
    || setweight(to_tsvector(v.config::regconfig, v.body), 'C')
FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
    AS v(id, config, title, keywords, situations, body)
WHERE e.id = v.id
"""


def write_vectors(entries):
    """The entries' weighted tsvectors, from their text as ``search.arabic.normalise`` and
    ``config_text`` leave it (the same as every query word), stemmed by the entry's
    configuration: one statement."""
    columns = [[] for _ in range(6)]
    for entry in entries:
        config = search_config(settings.LANGUAGE_CODE if entry.fallback else entry.language)
        row = (entry.id, config, *(config_text(normalise(text), config) for text in
                                   (entry.title, entry.keywords, entry.situations, entry.body)))
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    with connection.cursor() as cursor:
        cursor.execute(VECTORS_SQL, columns)


def index_subtree(page):
    """A page and everything below it: a block's number and name appear in its attitudes'
    entries, and a view restriction covers the pages below."""
    index_pages(Page.objects.descendant_of(page, inclusive=True).type(*INDEXED_TYPES))


@transaction.atomic
def remove_pages(page_ids):
    """The pages leave the index (unpublished, deleted), and their words the vocabulary unless
    another entry holds them."""
    update_vocabulary(_remove_entries(page_ids), [])
    search_version.bump_now_and_at_commit()


def rebuild():
    """Everything from scratch, the vocabulary and its counts too."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        ids = list(indexable_pages().order_by("path").values_list("id", flat=True))
        for start in range(0, len(ids), 500):
            index_pages(Page.objects.filter(id__in=ids[start : start + 500]))
    return SearchEntry.objects.count()


# Cached search work (word forms, rankings, block names) is keyed by this; re-indexing bumps it
# now and when the change commits (CacheVersion.bump_now_and_at_commit).
search_version = CacheVersion("search-index-version")
