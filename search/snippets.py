"""What a search result shows of a page: an excerpt around the query's words, those words marked.

The marked words are the query's forms (``search.words.Expansion``) as the page writes them: a
longer form's last letter free, Arabic spelling variants and vowel marks allowed
(``search.arabic``). A page whose situations hold the query's words shows the one holding most.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import arabic

SNIPPET_LENGTH = 220
# A word's letters and the marks written on them (Arabic tanween and vowels, Latin accents):
# a highlight that stopped before "ًا" in "حدودًا" tore the mark from its letter.
WORD_CHARS = r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
# Between the parts of a page's text (an example's title and its situation, say), as shown.
PART_SEPARATOR = " · "


def excerpt_bounds(text, around, length):
    """Start and end of an excerpt of about `length` characters that shows position `around`,
    both at word boundaries."""
    if len(text) <= length:
        return 0, len(text)
    start = max(0, around - length // 3)
    if start:
        space = re.compile(r"\s").search(text, start, around)
        start = space.end() if space else around
    end = min(len(text), start + length)
    if end < len(text):
        space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        end = space if space > around else end
    return start, end


def term_pattern(expansion):
    """What highlight marks: the query's forms as the text may write them (a longer form's last
    letter free, Arabic spelling variants and marks allowed), each to the end of its word; a
    Latin word of two letters only whole: English "no" is not "not", "now" or "nothing"."""
    terms = sorted(expansion.terms(), key=len, reverse=True)
    return terms and re.compile(
        "|".join(rf"\b{term}\b" if len(term) <= 2 and term.isascii() else
                 rf"\b{arabic.variant_pattern(term[:-1] if len(term) > 4 else term)}{WORD_CHARS}*"
                 for term in terms),
        re.IGNORECASE,
    )


def snippet_text(entry, expansion):
    """What a result's excerpt shows: the situation holding most of the query's telling words
    (not "kind", "child"), in the reader's own words the best answer to why the page came up;
    else the page's text."""
    telling = type(expansion)(alternatives={word: expansion.alternatives[word] for word in expansion.specific})
    pattern, terms, best, most = term_pattern(telling), telling.terms(), None, 0
    for line in entry.situations.splitlines() if pattern else ():
        # Whole forms of the query's words only: "schoot" on a lap is no "school".
        found = {arabic.normalise(match.group(0).lower()) for match in pattern.finditer(line)} & terms
        if len(found) > most:
            best, most = line, len(found)
    return best or entry.body or entry.title


def highlight(text, expansion, length=SNIPPET_LENGTH):
    """A short escaped excerpt around the first match, cut between words, matched words wrapped
    in <mark> whole (with their marks); the page's text parts apart."""
    if not text:
        return ""
    pattern = term_pattern(expansion)
    first = pattern.search(text) if pattern else None
    start, end = excerpt_bounds(text, first.start() if first else 0, length)
    excerpt = text[start:end]
    parts, last = [], 0
    for match in pattern.finditer(excerpt) if pattern else ():
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    shown = "".join(parts).strip().replace("\n", PART_SEPARATOR)
    return mark_safe(("… " if start else "") + shown + (" …" if end < len(text) else ""))
