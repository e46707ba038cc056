"""The terminology check: the site's texts against docs/glossary.md.

The glossary's Terms table has a column of renderings to avoid ("en: foster carer; ar: التسمية");
its Punctuation table names each language's quotation marks. A text is reported when it uses an
avoided rendering, quotation marks of another style than its language's (straight or double
quotes in Dutch and English, anything but «…» in Arabic, a full stop before the closing »), a
typographic apostrophe where the site writes ', or an Arabic word without tanween that the
texts elsewhere write with it (أيضا beside أيضًا). The Dutch attitudes and goals are the model's
own words, verbatim, and are not checked.

Keywords are left out: they are the readers' search words.

Used by tests/test_terminology.py (on the data file), `manage.py check_terms` (on the
database) and the Translations report (per page and language).
"""

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from kennisbank.core.languages import SOURCE_LANGUAGE, language_codes, localized

from .blocks import stream_texts

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"

ARABIC_LETTER = "\u0621-\u064a"
DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
ARABIC_WORD = re.compile(f"[{ARABIC_LETTER}\u064b-\u0652]+")
PROCLITICS = "وفبلك"  # one-letter prefixes written onto an Arabic word (والتسمية)
QUOTATION_MARKS = "\"“”„«»‘’'"


class GlossaryError(Exception):
    """docs/glossary.md cannot be read as the check needs it; the message says where."""


@dataclass(frozen=True)
class Glossary:
    avoid: dict  # language → [(rendering, the term it belongs to)]
    quotes: dict  # language → (opening mark, closing mark)
    not_tanween: frozenset  # Arabic words that end in ا and take no tanween (مهما)


@dataclass(frozen=True)
class Finding:
    where: str  # an attitude's key, a block, a standing page: what an editor knows it by
    field: str  # the column, e.g. explanation_ar
    language: str
    problem: str

    def __str__(self):
        return f"{self.where} · {self.field}: {self.problem}"


def table(markdown, heading):
    """The rows (lists of cells) of the first table under `## heading`."""
    section = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    if not section:
        raise GlossaryError(f"{GLOSSARY.name} has no section '## {heading}'.")
    rows = [line.strip().strip("|").split("|") for line in section.group(1).splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]  # past the header and its rule


def read_glossary(path=GLOSSARY):
    try:
        markdown = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise GlossaryError(f"Cannot read {path}: {error}") from error
    avoid = defaultdict(list)
    for row in table(markdown, "Terms"):
        term, renderings = row[0], row[3] if len(row) > 3 else ""
        for item in filter(None, (part.strip() for part in renderings.split(";"))):
            language, _colon, rendering = item.partition(":")
            if language.strip() not in language_codes() or not rendering.strip():
                raise GlossaryError(f"{path}: '{item}' (term {term}) is not 'language: rendering'.")
            avoid[language.strip()].append((rendering.strip(), term))
    quotes = {}
    for language, marks, *_rest in table(markdown, "Punctuation"):
        opening, _dots, closing = marks.partition("…")
        quotes[language] = (opening, closing)
    exceptions = re.search(r"^Words that end in ا without tanween: (.*)$", markdown, re.M)
    not_tanween = frozenset(exceptions.group(1).replace("،", ",").split(",")) if exceptions else frozenset()
    return Glossary(dict(avoid), quotes, frozenset(word.strip() for word in not_tanween))


def plain(text):
    return " ".join(html.unescape(strip_tags(text or "")).split())


def bare(word):
    return DIACRITICS.sub("", word)


def avoided(text, language, glossary):
    """The avoided renderings `text` uses: [(rendering, term)]."""
    found = []
    for rendering, term in glossary.avoid.get(language, []):
        if language == "ar":
            pattern = (f"(?<![{ARABIC_LETTER}])[{PROCLITICS}]?{re.escape(bare(rendering))}"
                       f"(?![{ARABIC_LETTER}])")
            hit = re.search(pattern, bare(text))
        else:
            hit = re.search(rf"(?<!\w){re.escape(rendering)}(?!\w)", text, re.I)
        if hit:
            found.append((rendering, term))
    return found


def quotation_problems(text, language, glossary):
    """What in `text` breaks its language's quotation style and apostrophe."""
    opening, closing = glossary.quotes.get(language, ("", ""))
    problems = []
    if language == "ar":
        others = sorted({mark for mark in QUOTATION_MARKS if mark in text and mark not in (opening, closing)})
        if others:
            problems.append(_("quotation marks %(found)s where the site writes %(wanted)s")
                            % {"found": " ".join(others), "wanted": f"{opening}…{closing}"})
        if re.search(rf"(?<!\.)\.{re.escape(closing)}", text):  # an ellipsis (...») is no full stop
            problems.append(_("a full stop before %(mark)s: the site puts it after the closing mark")
                            % {"mark": closing})
        return problems
    doubles = sorted({mark for mark in "\"“”„«»" if mark in text})
    # A straight quote opening a quotation, not an elision such as 's avonds or 't.
    straight = re.search(r"(?:^|[\s(\[—–:])'(?![stn]\s)(?=\S)", text)
    if doubles or straight:
        found = " ".join(doubles + (["'…'"] if straight else []))
        problems.append(_("quotation marks %(found)s where the site writes %(wanted)s")
                        % {"found": found, "wanted": f"{opening}…{closing}"})
    if re.search(r"\w’\w|(?:^|\s)’[stn]\b", text):
        problems.append(_("the apostrophe ’ where the site writes '"))
    return problems


def tanween_spellings(arabic_texts, glossary):
    """{word as written bare: the tanween spelling the texts use} for every word the texts
    write with tanween."""
    spellings = {}
    for text in arabic_texts:
        for word in ARABIC_WORD.findall(text):
            if word.endswith(("ًا", "اً")) and bare(word) not in glossary.not_tanween:
                spellings.setdefault(bare(word), word)
    return spellings


def missing_tanween(text, spellings):
    words = []
    for word in ARABIC_WORD.findall(text):
        stem = word[1:] if word[:1] in PROCLITICS and word[1:] in spellings else word
        if stem == bare(stem) and stem in spellings and spellings[stem] not in words:
            words.append(f"{stem} ({spellings[stem]})")
    return words


def check(texts, glossary=None):
    """Findings for `texts`: (where, field, language, text) with text as plain text."""
    glossary = glossary or read_glossary()
    texts = list(texts)
    spellings = tanween_spellings((text for *_rest, language, text in texts if language == "ar"), glossary)
    findings = []
    for where, field, language, text in texts:
        problems = [_("avoided rendering “%(rendering)s” (glossary: %(term)s)") % {"rendering": rendering, "term": term}
                    for rendering, term in avoided(text, language, glossary)]
        problems += quotation_problems(text, language, glossary)
        if language == "ar" and (words := missing_tanween(text, spellings)):
            problems.append(_("without tanween: %(words)s") % {"words": ", ".join(words)})
        findings += [Finding(where, field, language, problem) for problem in problems]
    return findings


# The texts of the data file and of the database, as (where, field, language, plain text).

def seeds_words(kind, name, language):
    """The model's own words (an attitude's Dutch title, a block's Dutch goal) keep their
    spelling verbatim."""
    return language == SOURCE_LANGUAGE and (kind, name) in {("attitude", "title"), ("block", "goal")}


def _entry_texts(where, kind, entry, names):
    for name in names:
        values = entry.get(name) or {}
        for language in language_codes():
            value = values.get(language)
            if value is None or seeds_words(kind, name, language):
                continue
            if isinstance(value, list):  # paragraphs, or a body of [kind, text or [items]]
                value = " ".join(item if isinstance(item, str) else
                                 (" ".join(item[1]) if isinstance(item[1], list) else item[1]) for item in value)
            yield where, localized(name, language), language, value


def data_texts(data):
    """Every reader-visible text of the data file (data/bouwstenen.json)."""
    yield from _entry_texts("home", "home", data["home"], ("title", "introduction"))
    for block in data["blocks"]:
        where = f"block {block['number']}"
        yield from _entry_texts(where, "block", block, ("title", "goal", "introduction"))
        for position, attitude in enumerate(block["attitudes"], start=1):
            key = f"{block['number']}.{position}"
            yield from _entry_texts(key, "attitude", attitude, ("title", "summary", "explanation", "sources"))
            for kind in ("examples", "exercises"):
                for number, item in enumerate(attitude.get(kind) or [], start=1):
                    parts = [name for name in item if isinstance(item[name], dict)]
                    yield from _entry_texts(f"{key} {kind} {number}", kind, item, parts)
                    for step in item.get("steps", []):
                        yield from _entry_texts(f"{key} {kind} {number}", kind, {"steps": step}, ("steps",))
    for page in data.get("pages", []):
        yield from _entry_texts(page["key"], "page", page, ("title", "summary", "body"))
    finder = data.get("finder") or {}
    yield from _entry_texts("finder", "page", finder, ("title", "introduction"))
    for item in finder.get("themes", []):
        yield from _entry_texts(f"finder {item['key']}", "page", item, ("heading", "text"))
    yield from _entry_texts("review", "review", data.get("review") or {}, ("reviewed_by", "review_sources"))


def page_kind(page):
    return {"attitudepage": "attitude", "blockpage": "block"}.get(page._meta.model_name, "page")


# Slugs are addresses; keywords, a block's other names and an attitude's situations are in the
# readers' own words (as they type them: Arabic without tanween), which may well be the renderings
# the site avoids.
NOT_CHECKED = {"slug", "keywords", "alternative_names", "situations"}


def page_texts(page):
    """Every reader-visible text of a page, in every language (the review's too)."""
    kind = page_kind(page)
    for name in page.reader_fields():
        if name in NOT_CHECKED:
            continue
        for language in language_codes():
            if seeds_words(kind, name, language):
                continue
            value = getattr(page, localized(name, language), None)
            if hasattr(value, "raw_data"):
                text = " ".join(text for _path, text in stream_texts(list(value.raw_data)))
            elif isinstance(value, str):
                text = value
            else:
                continue  # dates, numbers
            yield page.pk, localized(name, language), language, plain(text)


def findings_by_page(pages, glossary=None):
    """{(page id, language): [Finding]} for `pages` (specific pages)."""
    by_page = defaultdict(list)
    for finding in check((text for page in pages for text in page_texts(page)), glossary):
        by_page[(finding.where, finding.language)].append(finding)
    return by_page
