"""Rich text as plain text, for what shows it without markup: meta descriptions, link previews
and search snippets (which index the plain text).

Stripping tags alone glues paragraphs together ("…leren.De houdingen…"), and cutting at a
character count cuts words in half; both were visible to readers.
"""

import html
import re

from django.utils.html import strip_tags

# Tags that end a line of text: a space stands in for each, so the words on either side stay apart.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|br|div|blockquote|dt|dd)\b[^>]*>", re.IGNORECASE)
_LAST_SPACE = re.compile(r"\s+\S*$")


def plain_text(value):
    """A field's text on one line: rich text's tags removed, entities (&#x27;) undone, paragraphs
    and list items apart."""
    return " ".join(html.unescape(strip_tags(_BLOCK_TAG.sub(" ", str(value or "")))).split())


def shorten(text, limit, ellipsis="…"):
    """`text` in at most `limit` characters, cut at a word boundary, the ellipsis included."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    last_space = _LAST_SPACE.search(cut)
    if last_space and last_space.start() > limit // 2:
        cut = cut[: last_space.start()]
    return cut.rstrip(" ,;:-–") + ellipsis
