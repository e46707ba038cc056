"""What a reader's query stands for: its words (at most ``MAX_WORDS``; the rest is reported, not
silently dropped), spelled as the index spells them (Arabic variants folded, ``search.arabic``),
and for each word its inflections found in the indexed vocabulary (grens → grenzen, luistert →
luisteren; look-alikes such as school → schoot are not inflections), the bare form of an Arabic
word with attached clitics (لطفلي → طفل), the pages' words for an everyday word (عايز → يريد,
``search.dialect``) and, only when the word appears nowhere, the two words it is written
together from (slaapproblemen → slaap, problemen) or else the closest spelling (frustatie →
frustratie)."""

import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from . import arabic, english
from .dialect import standard_words
from .index import config_text, search_config, uses_postgres
from .models import spelled

MAX_QUERY_LENGTH = 500
MAX_WORDS = 32
MAX_WORD_LENGTH = 60
# Forms one query word stands for at most (its inflections, bare form, standard words).
MAX_FORMS = 8
CACHE_SECONDS = 600
# Endings that turn one form of a word into another of the same word; s/z and f/v count as one
# letter (grens/grenzen, leven/leef).
INFLECTION_ENDINGS = {
    "nl": {"", "e", "en", "n", "s", "es", "t", "te", "ten", "d", "de", "den", "er", "ere", "eren",
           "ers", "je", "jes", "tje", "tjes", "st", "ste"},
    "en": {"", "s", "es", "ed", "d", "ing", "er", "ers", "est", "ies", "ied", "y", "ren", "'s"},
}
# Letters that may join the two words of a compound (verlating-s-angst); a language not named
# here (Arabic) does not write words together.
COMPOUND_LINKS = {"nl": ("", "s"), "en": ("",)}
# The shortest word a compound is split into: shorter ones ("de", "en") would split by accident.
MIN_PART = 3



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


def split_query(query, language=None):
    """(the words searched for, the words past ``MAX_WORDS`` that are not), spelled as the index
    spells them (``search.arabic``); in English "won't" is one word, "wont" (``search.english``)."""
    if language and search_config(language) == "english":
        query = english.join_contractions(query)
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
    if sorted(rest) == ["", "y"]:
        return False  # tell/telly, mess/messy: "y" is an ending only where it turns to i (baby/babies)
    return all(r in endings for r in rest)


def compound_splits(word, language):
    """Every (head, tail) that `word` may be written together from in `language`, with or
    without a linking letter between them."""
    splits = []
    for link in COMPOUND_LINKS.get(language, ()):
        for cut in range(MIN_PART, len(word) - len(link) - MIN_PART + 1):
            if word.startswith(link, cut):
                splits.append((word[:cut], word[cut + len(link):]))
    return splits


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
    # The words a compound may be split into, looked up in the same statement (rows without a
    # probe): asking only once a word turns out unknown would cost a statement of its own.
    parts = sorted({part for word in words for split in compound_splits(word, language) for part in split})
    # A probe is a stop word as the configuration reads it: "wont" is "not", "no" is kept.
    config, all_probes = search_config(language), sorted(set().union(*probes.values()))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.probe, numnode(plainto_tsquery(%s::regconfig, q.configured)) = 0 AS stop,
                   w.word, similarity(q.probe, w.word) AS score
            FROM unnest(%s::text[], %s::text[]) AS q(probe, configured)
            LEFT JOIN LATERAL (
                SELECT word FROM kennisbank_search_searchword
                WHERE language = %s AND word %% q.probe
                OFFSET 0
            ) AS w ON true
            UNION ALL
            SELECT NULL, false, word, NULL FROM kennisbank_search_searchword
            WHERE language = %s AND word = ANY(%s::text[])
            ORDER BY probe, score DESC, word
            """,
            [config, all_probes, [config_text(probe, config) for probe in all_probes], language,
             language, parts],
        )
        neighbours, stop_words, known_parts = {}, set(), set()
        for probe, stop, word, score in cursor.fetchall():
            if probe is None:
                known_parts.add(word)
            elif stop:
                stop_words.add(probe)
            if probe is not None and word is not None:
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
    split_compounds(expansion, language, common, known_parts)
    return expansion


def split_compounds(expansion, language, common, known):
    """A word the pages do not hold that is two of their words (`known`) written together
    (slaapproblemen, verlatingsangst) stands for those two words: a near spelling of the whole
    ("problemen") would lose half of what the reader asked."""
    candidates = {word: compound_splits(word, language)
                  for word in expansion.unknown | set(expansion.corrections)}
    alternatives = {}
    for word, forms in expansion.alternatives.items():
        found = [split for split in candidates.get(word, ()) if set(split) <= known]
        if not found:
            alternatives[word] = forms
            continue
        # The most even split: slaap + problemen, not a short word that happens to fit.
        for part in max(found, key=lambda split: min(map(len, split))):
            alternatives.setdefault(part, [part])
            if part in common:
                expansion.common.add(part)
        expansion.unknown.discard(word)
        expansion.corrections.pop(word, None)
    expansion.alternatives = alternatives
