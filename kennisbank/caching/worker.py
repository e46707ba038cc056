"""What every public page needs and editors rarely change, kept in each worker between requests.

Every page view asks which Site serves the host, loads that site's home page as its own type
to route from and finds the block it routes through (kennisbank/content/routing.py); pages show
lists and links of other pages (a block's attitudes, previous and next, breadcrumbs) and lines
derived from their own fields (meta description, review): work whose cost is mostly Django's
query compiler and Python, not PostgreSQL (docs/benchmarks.md). Each worker keeps these answers
under the content version they were computed under; publishing, unpublishing, moving or
deleting a page, saving or deleting a Site and adding or removing a view restriction (the
footer's list of standing pages leaves restricted pages out) bump it in the shared state cache
(kennisbank/caching/version.py), which a public request reads once, so every worker sees a bump
on its next request. Access control is never kept here: view restrictions are checked per request.
"""

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
    """Values kept per content version in this process.

    The values live in one dict for the newest version seen (versions only grow: version.py): a
    request that reads a newer version starts a new dict, and one still running under an older
    version computes what it needs without keeping it. So values never mix versions, whether a
    worker serves one request at a time (gunicorn's sync workers) or several at once (threads).
    """

    def __init__(self):
        self._kept = (None, {})

    def clear(self):
        """Drop every value (what a test does after rolling back the rows they came from, which no
        version records)."""
        self._kept = (None, {})

    def get(self, key, compute):
        """The value of `key` under the current content version, computed at most once per version."""
        version = content_version.current()
        kept_version, values = self._kept
        if kept_version != version:
            if kept_version is not None and version < kept_version:
                return compute()  # a request that started before a change another one has seen
            values = {}
            self._kept = (version, values)
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


def give_wagtail_the_site(request):
    """Wagtail's Site for this host, its root page loaded as its own type (the router starts
    there), as kept, where Wagtail looks first (``request._wagtail_site``). Keyed by the
    validated host, so only ALLOWED_HOSTS can add entries."""

    def find():
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    request._wagtail_site = worker_cache.get(("site", request.get_host()), find)


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
    """Hands Wagtail the worker's Site for public pages, with the shared cache's versions read in
    one round trip for the whole request (kennisbank.caching.version.read_once). The admin keeps
    Wagtail's own per-request lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _in_admin(request):
            return self.get_response(request)
        with read_once():
            give_wagtail_the_site(request)
            return self.get_response(request)
