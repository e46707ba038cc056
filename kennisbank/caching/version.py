"""A page cache for anonymous readers, emptied whenever published content changes.

Every cached response is keyed by a content version; publishing, unpublishing, moving or
deleting any page bumps the version, so the next reader gets a fresh page. One counter rather
than per-page keys because a page shows its block, its neighbours, related attitudes and the
home page lists every block: any edit can change many pages, and edits are rare next to reads.
Editors (logged in), responses that set cookies or carry a CSRF token, and anything but a
200 GET/HEAD are never cached.

Two halves: `PageCacheApplication` wraps the WSGI application and answers hits before Django
is entered, with one cache round trip (a hit costs a fraction of a trip through the middleware
stack, docs/benchmarks.md); on a miss, `PageCacheMiddleware`, near the top of Django's
middleware, decides whether the finished response may be kept and stores its status, headers
and body under the key the wrapper computed.
"""

import hashlib
import time
from urllib.parse import parse_qs

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http.cookie import parse_cookie
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from kennisbank.middleware import language_cookie, language_to_remember


class CacheVersion:
    """A counter in the shared cache: keys built with it go stale together when it is bumped.

    It starts from the clock, not from 1: after an eviction or a flushed or restarted Redis,
    a counter restarting at 1 would make entries (and workers' copies, kennisbank.caching.worker)
    made under an old 1 look current again.
    """

    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get_or_set(self.key, time.time_ns, None)

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted or never set)
            cache.set(self.key, time.time_ns(), None)


content_version = CacheVersion("page-cache-version")


def invalidate():
    """Bump now, and again when the change commits: Wagtail publishes inside a transaction, so
    a page rendered between the signal and the commit still reads the old rows, and must not
    stay cached under the new version."""
    content_version.bump()
    transaction.on_commit(content_version.bump)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _content_changed(sender, **kwargs):
    invalidate()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    invalidate()


# What the WSGI wrapper hands to the middleware for a cacheable miss: (cache key, version).
PENDING = "kennisbank.page_cache"


def cacheable_request(environ, cookies):
    """Anonymous reads of public pages; readers with a session (editors) always reach Django."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and environ["REQUEST_METHOD"] in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and not environ.get("PATH_INFO", "/").startswith((f"/{settings.ADMIN_PATH}", settings.STATIC_URL))
        and "preview" not in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    )


def cache_key(environ):
    """Everything in the request a cached page depends on: method, scheme (as sent and as a
    proxy reports it), host, path and query. Built from the raw WSGI values, so a host Django
    would refuse, or http where https was stored, simply finds nothing and reaches Django."""
    raw = "\n".join(
        environ.get(name, "")
        for name in ("REQUEST_METHOD", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_HOST",
                     "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING")
    )
    return f"page-cache:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheApplication:
    """WSGI wrapper: answers a cache hit without entering Django; anything else (misses,
    editors, forms, searches) goes to the wrapped application unchanged."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if cacheable_request(environ, cookies):
            key = cache_key(environ)
            found = cache.get_many([content_version.key, key])
            version, entry = found.get(content_version.key), found.get(key)
            if entry is not None and entry[0] == version:
                return self.answer(environ, start_response, entry, cookies)
            environ[PENDING] = (key, version)
        return self.application(environ, start_response)

    @staticmethod
    def answer(environ, start_response, entry, cookies):
        _version, status, headers, body = entry
        headers = [*headers, ("X-Page-Cache", "hit")]
        if language := language_to_remember(environ.get("PATH_INFO", ""), cookies):
            headers.append(("Set-Cookie", language_cookie(language).OutputString()))
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


class PageCacheMiddleware:
    """Stores what PageCacheApplication found missing, once Django has rendered it. It sits
    above every middleware that adds headers (security, CSP, framing), so a stored entry
    carries the same headers as a fresh response; only RememberLanguageMiddleware is above
    it, because its cookie belongs to one reader."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = request.META.get(PENDING)
        if pending is None:
            return self.get_response(request)
        key, version = pending
        # Read before rendering: a publish while the page renders makes this entry stale.
        version = version or content_version.current()
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            status = f"{response.status_code} {response.reason_phrase}"
            cache.set(key, (version, status, list(response.items()), response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_response(request, response):
        return (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and not any(
                word in response.get("Cache-Control", "") for word in ("private", "no-cache", "no-store")
            )
            and not getattr(response, "streaming", False)
        )
