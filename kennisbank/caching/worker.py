"""What every public page needs and editors rarely change, kept in each worker between requests.

Every page view asks which Site serves the host, loads that site's home page as its own type
to route from and finds the block it routes through (kennisbank/content/routing.py); pages show
lists and links of other pages (a block's attitudes, previous and next, breadcrumbs) and lines
derived from their own fields (meta description, review): work whose cost is mostly Django's
query compiler and Python, not PostgreSQL (docs/benchmarks.md). Each worker keeps these answers
until the content version changes: publishing, unpublishing, moving or
deleting a page, saving or deleting a Site and adding or removing a view restriction (the
footer's list of standing pages leaves restricted pages out) bump it. The version lives in the
shared cache (Redis, or the database cache in production without Redis), so every worker sees a
bump on its next request. Access control is never kept here: view restrictions are checked per
request.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .version import content_version, read_once

# About 1 kB each (a page's links, a block's children): a worker stays well under its memory
# budget however many pages it has served since the last change.
MAX_VALUES = 30_000


class WorkerCache:
    """Values computed at most once per content version in this process.

    The version is read from the shared cache once per public request (``for_request``, used
    by WorkerSiteMiddleware), not once per value; outside such a request every ``get`` reads it.
    """

    def __init__(self):
        self._version = None
        self._values = {}
        self._in_request = threading.local()

    def _refresh(self):
        version = content_version.current()
        if version != self._version:
            self._values, self._version = {}, version

    @contextmanager
    def for_request(self):
        self._refresh()
        self._in_request.active = True
        try:
            yield
        finally:
            self._in_request.active = False

    def get(self, key, compute):
        if not getattr(self._in_request, "active", False):
            self._refresh()
        values = self._values
        if key not in values:
            if len(values) >= MAX_VALUES:
                values.clear()  # bounded memory: start over rather than grow with the site
            values[key] = compute()
        return values[key]


    def get_for_reader(self, request, key, compute):
        """``get`` for what a page served to a reader shows (links with the request's host),
        keyed by that host too; a preview (a draft, whose links may differ) or a call outside a
        request computes afresh."""
        if request is None or getattr(request, "is_preview", True):
            return compute()
        return self.get((*key, request.get_host()), compute)


worker_cache = WorkerCache()


def site_for_request(request):
    """Wagtail's Site for this host, its root page loaded as its own type (the router starts
    there). Keyed by the validated host, so only ALLOWED_HOSTS can add entries."""

    def find():
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    return worker_cache.get(("site", request.get_host()), find)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _content_changed(sender, **kwargs):
    content_version.bump_on_commit()


class WorkerSiteMiddleware:
    """Hands Wagtail the worker's Site for public pages (Wagtail reads ``request._wagtail_site``
    before querying), with the shared cache's versions read once for the request
    (kennisbank.caching.version.read_once). The admin keeps Wagtail's own per-request lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            return self.get_response(request)
        with read_once(), worker_cache.for_request():
            request._wagtail_site = site_for_request(request)
            return self.get_response(request)
