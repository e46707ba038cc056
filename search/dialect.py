"""Everyday words readers type and the pages do not use: Gulf, Levantine and Egyptian Arabic (or
any language's everyday speech), each mapped by editors to the words the pages use for it.

A query word on the list also looks for those words and their forms (``search.query.expand``),
so "عايز" finds what "يريد" finds. Editors keep the list in the admin (Settings → Everyday words,
``EverydayWord``); ``load_everyday_words`` adds the words of the data file that are not on it
yet, leaving editors' entries as they are. Each worker keeps the list until the search version
changes, which saving or deleting a word bumps (``search.signals``).
"""

import json
from pathlib import Path

from django.db import transaction

from kennisbank.caching.worker import worker_cache

from .index import search_version
from .models import EverydayWord

DATA = Path(__file__).resolve().parent.parent / "kennisbank" / "content" / "data" / "everyday_words.json"


def standard_words(language):
    """{everyday word: [words the pages use]} for `language`, spelled as queries are."""

    def load():
        return {
            word: standard.split()
            for word, standard in EverydayWord.objects.filter(language=language)
            .values_list("word", "standard")
        }

    return worker_cache.get(("everyday-words", search_version.current(), language), load)


@transaction.atomic
def load_everyday_words(path=DATA):
    """Add the data file's words ({language: {region: {word: "standard words"}}}) that are not on
    the list; returns how many were added."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    added = 0
    for language, regions in data.items():
        for region, words in regions.items():
            for word, standard in words.items():
                entry = EverydayWord(language=language, word=word, standard=standard, region=region)
                entry.full_clean(validate_unique=False, validate_constraints=False)
                entry.spell()
                if not EverydayWord.objects.filter(language=language, word=entry.word).exists():
                    entry.save()
                    added += 1
    return added
