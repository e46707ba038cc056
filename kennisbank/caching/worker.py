"""What every public page needs and editors rarely change, kept in each worker between requests.

Every page view asks which Site serves the host, loads that site's home page as its own type
to route from, finds the block it routes through (TranslatedPageMixin.route_by_slug) and looks
for view restrictions on the page and its ancestors: five queries whose cost is mostly
Django's query compiler, not PostgreSQL (docs/benchmarks.md). Each worker
keeps these answers until the content version (kennisbank.caching.version) changes; publishing, moving
or deleting a page, and saving or deleting a Site or a view restriction, bump it. With several
workers that version must live in a shared cache (REDIS_URL), as for the page cache.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site

from kennisbank.caching.version import content_version, invalidate


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
            values[key] = compute()
        return values[key]


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


def any_view_restrictions():
    return worker_cache.get("view-restrictions", PageViewRestriction.objects.exists)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _site_or_restriction_changed(sender, **kwargs):
    # A new restriction must also empty the page cache: it may hold the page as it was public.
    invalidate()


class WorkerSiteMiddleware:
    """Hands Wagtail the worker's Site for public pages (Wagtail reads ``request._wagtail_site``
    before querying). The admin keeps Wagtail's own per-request lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            return self.get_response(request)
        with worker_cache.for_request():
            request._wagtail_site = site_for_request(request)
            return self.get_response(request)
