"""English negations as PostgreSQL's ``english`` configuration should read them, on the index's
text and on a query's words alike (``search.index``, ``search.words``, ``search.ranking``).

Its parser cuts "won't" into "won" (as in winning) and "t", and "doesn't" into "doesn" and "t";
typed without the apostrophe ("wont", "cant") they are other words or near misspellings of
"want" and "can". A negative contraction is read as "not", a stop word: "my son won't sleep"
searches for "son" and "sleep", as "will not" and Dutch "niet" already do.

"no" is a stop word there too, yet it is what a parent says when setting a limit ("how do I say
no", "saying no"), as Dutch "nee", which the Dutch configuration keeps. It is indexed and
searched as ``NO_LEXEME``, a word the configuration keeps.
"""

import re

# Negative contractions as readers type them without the apostrophe (and "cannot").
NEGATIVE_CONTRACTIONS = {
    "aint", "arent", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt",
    "havent", "isnt", "mightnt", "mustnt", "neednt", "shant", "shouldnt", "wasnt", "werent",
    "wont", "wouldnt",
}
# Stands for "no" in English vectors and queries: an informal "no" itself, not a stop word.
NO_LEXEME = "nope"
CONTRACTION_RE = re.compile(r"\b(\w+n)['’]t\b", re.IGNORECASE)
NEGATION_RE = re.compile(
    r"\b(?:no|" + "|".join(sorted(NEGATIVE_CONTRACTIONS)) + r")\b", re.IGNORECASE
)


def join_contractions(text):
    """"won't" as one word, "wont", as readers also type it: cut at the apostrophe, "won" would
    search for winning."""
    return CONTRACTION_RE.sub(r"\1t", text)


def for_config(text):
    """`text` as the ``english`` configuration must read it: negative contractions as "not"
    (dropped), "no" as ``NO_LEXEME`` (kept)."""
    return NEGATION_RE.sub(
        lambda match: NO_LEXEME if match.group(0).lower() == "no" else "not",
        join_contractions(text),
    )
