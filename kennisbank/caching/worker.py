"""What every public page needs and editors rarely change, kept in each worker between requests.

Every page view asks which Site serves the host, loads that site's home page as its own type
to route from and finds the block it routes through (kennisbank/content/routing.py); pages show
lists and links of other pages (a block's attitudes, previous and next, breadcrumbs) and lines
derived from their own fields (meta description, review): work whose cost is mostly Django's
query compiler and Python, not PostgreSQL (docs/benchmarks.md). Each worker keeps these answers
until the content version changes: publishing, unpublishing, moving or
deleting a page, saving or deleting a Site and adding or removing a view restriction (the
footer's list of standing pages leaves restricted pages out) bump it. The version lives in the
shared cache (Redis, or the database cache in production without Redis) and in the database
(kennisbank/caching/version.py), so every worker sees a bump on its next request. Access control
is never kept here: view restrictions are checked per request.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .version import bump_content_version, content_version, read_once

# About 1 kB each (a page's links, a block's children): a worker stays well under its memory
# budget however many pages it has served since the last change.
MAX_VALUES = 30_000


class WorkerCache:
    """Values computed at most once per content version in this process.

    The version comes from two places, bumped by the same changes: the database, read by the
    query that loads the page being served (``confirm``), and the shared cache, read once per
    public request that has no such query (by ``get`` or ``settle``; by every ``get`` outside a
    request). Whichever shows a version this worker has not seen drops every value; a value
    computed after that is computed after the change.

    A page view routes with the values as kept (``peek``: the Site and the blocks it routes
    through) before its query says whether they are current; if they were not, it is routed
    again (kennisbank.content.routing.serve).
    """

    def __init__(self):
        self._seen = {}
        self._values = {}
        self._request = threading.local()

    def _observe(self, source, version):
        if version is not None and self._seen.get(source) == version:
            return
        self.clear()
        self._seen[source] = version

    def clear(self):
        """Drop every value (also what a test does after rolling back the rows they came from,
        which no version records)."""
        self._values = {}
        self._request.dropped = True

    @contextmanager
    def for_request(self):
        self._request.active, self._request.verified, self._request.dropped = True, False, False
        try:
            yield
        finally:
            self._request.active = False

    def confirm(self, version):
        """The content version the page's own query read from the database (None where the
        database keeps none, SQLite: then the shared cache says)."""
        if version is None:
            self._learn_from_shared_cache()
        else:
            self._request.verified = True
            self._observe("database", version)

    def settle(self):
        """Makes sure this request knows the content version; True when values it may have
        peeked at were dropped since it started."""
        self._learn_from_shared_cache()
        if not getattr(self._request, "active", False):
            return False
        dropped, self._request.dropped = self._request.dropped, False
        return dropped

    def _learn_from_shared_cache(self):
        """Once per public request; on every call outside one."""
        if not getattr(self._request, "active", False) or not self._request.verified:
            self._request.verified = True
            self._observe("shared", content_version.current())

    def peek(self, key, compute):
        """The value as kept, without first learning the content version: the caller settles
        (or confirms) before it answers, and starts over if values were dropped."""
        values = self._values
        if key not in values:
            if len(values) >= MAX_VALUES:
                values.clear()  # bounded memory: start over rather than grow with the site
            values[key] = compute()
        return values[key]

    def get(self, key, compute):
        """The value, computed under the current content version. It leaves to ``settle`` the
        news that values were dropped: the caller that peeked before routes again on it."""
        self._learn_from_shared_cache()
        return self.peek(key, compute)

    def get_for_reader(self, request, key, compute):
        """``get`` for what a page served to a reader shows (links with the request's host),
        keyed by that host too; a preview (a draft, whose links may differ) or a call outside a
        request computes afresh."""
        if request is None or getattr(request, "is_preview", True):
            return compute()
        return self.get((*key, request.get_host()), compute)


worker_cache = WorkerCache()


def give_wagtail_the_site(request):
    """Wagtail's Site for this host, its root page loaded as its own type (the router starts
    there), as kept: the request settles the content version before it answers (WorkerCache).
    Set where Wagtail looks first (``request._wagtail_site``), replacing what an earlier call
    set. Keyed by the validated host, so only ALLOWED_HOSTS can add entries."""

    def find():
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    request.__dict__.pop("_wagtail_site", None)
    request._wagtail_site = worker_cache.peek(("site", request.get_host()), find)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _content_changed(sender, **kwargs):
    bump_content_version()


def _in_admin(request):
    return request.path_info.startswith(f"/{settings.ADMIN_PATH}")


class WorkerSiteMiddleware:
    """Hands Wagtail the worker's Site for public pages (Wagtail reads ``request._wagtail_site``
    before querying), with the shared cache's versions read at most once for the request
    (kennisbank.caching.version.read_once). A view learns the content version before it runs,
    unless it settles it itself (``settles_content_version``: the page router, whose query reads
    it). The admin keeps Wagtail's own per-request lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_admin(request):
            return self.get_response(request)
        with read_once(), worker_cache.for_request():
            give_wagtail_the_site(request)
            return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if not _in_admin(request) and not getattr(view, "settles_content_version", False):
            if worker_cache.settle():
                give_wagtail_the_site(request)
