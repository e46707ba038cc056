"""The per-language search index and how it is kept current.

Design: ``SearchEntry`` holds one row per live page and language with that language's text
(Dutch where a translation is missing, as readers see it; ``fallback`` when the page has no
title in the language). On PostgreSQL a weighted tsvector (title A, keywords B, body C) is built
with the language's text-search configuration (``SEARCH_CONFIGS``; the Dutch one for a fallback
entry) and GIN-indexed; ``SearchWord`` holds the vocabulary for inflections and spelling
suggestions. On SQLite the lower-cased ``document`` column is matched with LIKE. Pages behind a
view restriction (password, login, groups), or below one, have no entries: readers may only
find what they may open. Signals (``search.signals``) re-index on publish, unpublish, move,
delete and a change of view restriction; ``manage.py rebuild_search_index`` rebuilds all.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from kennisbank.caching.version import CacheVersion
from kennisbank.content.blocks import stream_texts
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.content.text import plain_text

from .models import SearchEntry, SearchWord

# Two letters and up: Arabic "لا" (no) and Dutch "nu" are words a query can turn on.
WORD_RE = re.compile(r"\w{2,}")
INDEXED_TYPES = (BlockPage, AttitudePage, ContentPage)


def search_config(language):
    return settings.SEARCH_CONFIGS.get(language, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


def _stream_text(stream):
    """Every text value in a StreamField (examples and exercises), in reading order."""
    return [plain_text(text) for _path, text in stream_texts(stream.raw_data if stream else [])]


def document_for(page, block_numbers):
    """(title, keywords, body, block number) of a page in the active language.

    `block_numbers` maps a block's tree path to its number, so attitudes need no query each.
    """
    if isinstance(page, BlockPage):
        body = [page.goal, plain_text(page.introduction), plain_text(page.body)]
        return page.title, page.alternative_names, body, page.number
    if isinstance(page, ContentPage):
        return page.title, "", [page.summary, plain_text(page.body)], None
    body = [page.summary, plain_text(page.explanation)]
    body += _stream_text(page.examples) + _stream_text(page.exercises)
    return page.title, page.keywords, body, block_numbers.get(page.path[: -Page.steplen])


def indexable_pages():
    """Blocks, attitudes and the standing pages are what readers search for; the home page is
    the way in."""
    return Page.objects.live().type(*INDEXED_TYPES)


def restricted_paths():
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


@transaction.atomic
def index_pages(pages):
    """(Re)build the entries of the given pages (a queryset of Page) in every language."""
    pages = list(pages.specific())
    if not pages:
        return
    ids = [page.id for page in pages]
    SearchEntry.objects.filter(page_id__in=ids).delete()
    restricted = restricted_paths()
    pages = [page for page in pages if page.live and not page.path.startswith(restricted)]
    block_numbers = dict(BlockPage.objects.values_list("path", "number"))
    entries, words = [], set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for page in pages:
                title, keywords, body, number = document_for(page, block_numbers)
                body_text = "\n".join(part for part in body if part)
                document = f"{title}\n{keywords}\n{body_text}".lower()
                entries.append(
                    SearchEntry(
                        page_id=page.id, language=language, block_number=number,
                        title=title, keywords=keywords or "", body=body_text, document=document,
                        fallback=not getattr(page, f"title_{language}", title),
                    )
                )
                words.update((language, word[:100]) for word in WORD_RE.findall(document))
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    SearchWord.objects.bulk_create(
        [SearchWord(language=lang, word=word) for lang, word in words],
        batch_size=1000, ignore_conflicts=True,
    )
    if uses_postgres():
        for language, _name in settings.LANGUAGES:
            for fallback in (False, True):
                config = search_config(settings.LANGUAGE_CODE if fallback else language)
                SearchEntry.objects.filter(
                    page_id__in=ids, language=language, fallback=fallback
                ).update(
                    search_vector=SearchVector("title", weight="A", config=config)
                    + SearchVector("keywords", weight="B", config=config)
                    + SearchVector("body", weight="C", config=config)
                )
    search_version.bump()


def index_subtree(page):
    """A page and everything below it: a block's number and name appear in its attitudes'
    entries, and a view restriction covers the pages below."""
    index_pages(Page.objects.descendant_of(page, inclusive=True).type(*INDEXED_TYPES))


def remove_pages(page_ids):
    SearchEntry.objects.filter(page_id__in=page_ids).delete()
    search_version.bump()


def rebuild():
    """Everything from scratch; the vocabulary too, so it holds no words of deleted text."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        ids = list(indexable_pages().order_by("path").values_list("id", flat=True))
        for start in range(0, len(ids), 500):
            index_pages(Page.objects.filter(id__in=ids[start : start + 500]))
    return SearchEntry.objects.count()


# Cached search work (word forms, rankings, block names) is keyed by this; re-indexing bumps it.
search_version = CacheVersion("search-index-version")
