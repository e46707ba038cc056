"""Arabic as readers type it: one spelling for the variants they mix, and words without clitics.

Readers type أ, إ, آ or plain ا for the same alef, ه for a final ة, ي for ى (and the reverse),
with or without vowel marks, sometimes with a stretching tatweel or from a Persian keyboard
(ی, ک). ``normalise`` folds all of these to one form; the index builds its vectors and
vocabulary from normalised text and every query word is normalised the same way, so the
variants match each other (``search.index``, ``search.query``). The shown text keeps its own
spelling: ``variant_pattern`` highlights a normalised word in it.

The mapping touches Arabic letters only, so it is applied to every language's text alike.
"""

import re

# Letter → the form every text is stored in for matching.
LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"}
# Vowel marks, tanween, shadda, sukun, the dagger alef, Quranic marks and the tatweel: typed by
# some, left out by most.
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
MARKS_RE = re.compile(f"[{MARKS}]")
FOLD = str.maketrans(LETTERS)

PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ي", "ك")


def normalise(text):
    """`text` with Arabic spelling variants folded to one form and its marks removed."""
    return MARKS_RE.sub("", text).translate(FOLD)


def variant_pattern(word):
    """A regular expression that finds normalised `word` in text as written: each letter matches
    the letters folded into it, with marks allowed after any letter."""
    variants = {}
    for letter, folded in LETTERS.items():
        variants.setdefault(folded, [folded]).append(letter)
    marks = f"[{MARKS}]*"
    return marks.join(
        f"[{''.join(variants[char])}]" if char in variants else re.escape(char) for char in word
    )


def core(word):
    """A normalised Arabic word without one attached prefix (و، ف، ب، ل، ك، ال) and one suffix
    (ي، ه، ها، هم، ...): لطفلي → طفل. Three letters are always kept."""
    word = normalise(word)
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def probes(word):
    """Bare forms of an Arabic word to look up: without its clitics, and a verb without the
    prefix of its present tense (اقول → قول), used only where the knowledge base has them."""
    bare = core(word)
    forms = {bare}
    if bare[:1] in "ايتن" and len(bare) >= 4:
        forms.add(bare[1:])
    return forms
