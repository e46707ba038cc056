"""A page cache for anonymous readers, emptied whenever published content changes.

Every cached response is keyed by a content version; publishing, unpublishing, moving or
deleting any page bumps the version, so the next reader gets a fresh page. One counter rather
than per-page keys because a page shows its block, its neighbours, related attitudes and the
home page lists every block: any edit can change many pages, and edits are rare next to reads.
Editors (logged in), responses that set cookies or carry a CSRF token, and anything but a
200 GET/HEAD are never cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move


class CacheVersion:
    """A counter in the shared cache: keys built with it go stale together when it is bumped."""

    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get_or_set(self.key, 1, None)

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:  # not in the cache (evicted or never set)
            cache.set(self.key, 2, None)


content_version = CacheVersion("page-cache-version")


def invalidate():
    content_version.bump()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _content_changed(sender, **kwargs):
    invalidate()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    invalidate()


class PageCacheMiddleware:
    """Sits near the top of the middleware stack so a hit skips sessions, locale, CSRF and
    auth; readers with a session cookie (editors) always go through to Django. One cache round
    trip per hit: the entry and the content version are fetched together, and an entry stored
    under an older version is a miss."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        found = cache.get_many([content_version.key, key])
        version = found.get(content_version.key) or content_version.current()
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            cache.set(key, (version, response), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(f"/{settings.ADMIN_PATH}")
            and "preview" not in request.GET
        )

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

    @staticmethod
    def key(request):
        raw = f"{request.method}:{request.scheme}:{request.get_host()}:{request.get_full_path()}"
        return f"page:{hashlib.sha256(raw.encode()).hexdigest()}"
