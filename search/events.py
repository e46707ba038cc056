"""What readers do after a search, counted without personal data.

Every search a reader types gets a SearchEvent with a random id. No cookie carries it: the
results page does, in its search form and in the links to more of the same results (other
pages, one building block), as the ``event`` parameter (kennisbank/caching/varnish.vcl lets it
through; search pages are never cached). So:

- the next search from that form, for other words within ``SEARCHED_AGAIN_SECONDS``, marks the
  event ``searched_again``: the reader did not find it the first time;
- more of the same results keep the same event: a reader paging on is still one reader;
- a click on a result marks it ``clicked``: each result link names the event's click address
  in its ``ping`` attribute, which the browser posts to as it follows the link, without
  JavaScript; where a browser sends no pings (Firefox), search_clicks.js posts the same address.
  Marking is idempotent, so a click posted twice counts once.

On PostgreSQL the event is written by the search log's own statement (search.views.log_search,
EVENT_CTES below): a search costs no statement more for it.
"""

import re
import uuid
from datetime import timedelta

from django.utils import timezone
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from .arabic import MARKS
from .models import SearchEvent

# A word with the vowel marks some readers type; punctuation between words is not kept.
TYPED_WORD_RE = re.compile(f"[\\w{MARKS}]+")

# "At once": a reader who reads the snippets and types other words does so within a minute.
SEARCHED_AGAIN_SECONDS = 60


def logged_string(query):
    """The search as the log keeps it: normalised and capped, so "Grenzen!" and "grenzen" are one
    search term, and spelled as the reader typed it (not as the index spells words: an editor
    reads "نوبة غضب" and may make it a situation as it stands)."""
    return normalise_query_string(" ".join(TYPED_WORD_RE.findall(query)))[:MAX_QUERY_STRING_LENGTH]


def event_id(value):
    """The event id a request names, or None for anything else (no error for bad input)."""
    try:
        return uuid.UUID(str(value)[:36])
    except ValueError:
        return None


def recent():
    """Searches since this moment were moments ago."""
    return timezone.now() - timedelta(seconds=SEARCHED_AGAIN_SECONDS)


# The search event as common table expressions of the search log's one statement on PostgreSQL:
# what search_event() does, in SQL. Its last SELECT says whether the previous event was this same
# search (then it stays the event); otherwise the new row, whose id is made here, is.
TABLE = SearchEvent._meta.db_table
EVENT_CTES = (
    "prev AS (SELECT id, query_string = %s AND language = %s AS same, created_at >= %s AS recent "
    f"FROM {TABLE} WHERE id = %s), "
    f"again AS (UPDATE {TABLE} SET searched_again = true "
    "WHERE id IN (SELECT id FROM prev WHERE NOT same AND recent)), "
    f"new AS (INSERT INTO {TABLE} (id, query_string, language, created_at, clicked, searched_again) "
    "SELECT %s, %s, %s, %s, false, false WHERE NOT EXISTS (SELECT 1 FROM prev WHERE same))"
)
EVENT_RESULT = "SELECT EXISTS (SELECT 1 FROM prev WHERE same)"


def event_parameters(previous, query_string, language, new_id):
    return [query_string, language, recent(), previous, new_id, query_string, language, timezone.now()]


def search_event(previous, query_string, language):
    """The event of this search: the `previous` one (an id or None) when this is more of the same
    results, else a new one, marking the previous as searched again when it was moments ago."""
    if previous is not None:
        earlier = SearchEvent.objects.filter(id=previous).only("query_string", "language", "created_at").first()
        if earlier is not None and (earlier.query_string, earlier.language) == (query_string, language):
            return earlier.id
        if earlier is not None and earlier.created_at >= recent():
            SearchEvent.objects.filter(id=previous).update(searched_again=True)
    return SearchEvent.objects.create(query_string=query_string, language=language).id


def record_click(value):
    """Mark the event a result link named as clicked; an unknown id changes nothing."""
    found = event_id(value)
    if found is not None:
        SearchEvent.objects.filter(id=found, clicked=False).update(clicked=True)
