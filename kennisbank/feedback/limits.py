"""What keeps the feedback form honest without a CSRF token (the page it sits on is shared by
an HTTP cache, so it cannot carry one), without cookies on that page and without storing who
sent what: the request must come from our own pages, each client gets a few posts per window,
and each browser's answer about a page counts once a day.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from kennisbank.caching.counters import client_window_key, count_one

VOTED_COOKIE = "kennisbank_feedback"
# At most this many pages remembered per browser per day: the cookie stays small.
VOTED_COOKIE_MAX_PAGES = 100


def from_our_pages(request):
    """A form posted from one of our pages: the browser says so in Sec-Fetch-Site or, where it
    does not send that, in Origin. Without either, the post is refused."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin:
        return False
    own = {f"{request.scheme}://{request.get_host()}", settings.PUBLIC_ORIGIN, *settings.CSRF_TRUSTED_ORIGINS}
    return origin in own


def over_rate_limit(request):
    """Counts this post against the client's allowance; True when it is used up.

    The counter lives in the shared cache under a keyed hash of the address, for one window
    only: the address itself is never stored, and the key cannot be turned back into it.
    """
    posts, seconds = settings.FEEDBACK_RATE_LIMIT
    window = int(timezone.now().timestamp()) // seconds
    key = f"feedback-rate:{client_window_key(request, window)}"
    count = count_one(key, seconds)
    # Not counted (the shared cache does not answer): a reader's answer is still taken.
    return count is not None and count > posts


def pages_voted_today(request):
    """The pages this browser answered about today (its cookie: "<date>:<id>.<id>...")."""
    day, _sep, ids = request.COOKIES.get(VOTED_COOKIE, "").partition(":")
    if day != timezone.localdate().isoformat():
        return set()
    return {int(part) for part in ids.split(".") if part.isdigit() and len(part) < 12}


def remember_vote(response, request, page_id):
    """Set on the POST's response only; it expires at midnight, when the day's limit ends."""
    pages = sorted(pages_voted_today(request) | {page_id})[-VOTED_COOKIE_MAX_PAGES:]
    now = timezone.localtime()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    response.set_cookie(
        VOTED_COOKIE, f"{now.date().isoformat()}:{'.'.join(map(str, pages))}",
        max_age=int((midnight - now).total_seconds()) + 1, httponly=True,
        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )
