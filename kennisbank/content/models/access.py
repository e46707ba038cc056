"""Who may see a page: the view restrictions that apply to it, checked in the query that lists or
routes pages instead of a query of their own, and never kept between requests."""

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

from kennisbank.caching.headers import allow_shared_cache


def view_restrictions_on(path):
    """The view restrictions that apply to the page at `path` (a string or ``OuterRef("path")``):
    those on it or an ancestor and, as Wagtail has it, those on the source of an alias among them.
    """
    path = Value(path) if isinstance(path, str) else path
    on_chain = Q(StartsWith(path, F("page__path")), page__alias_of__isnull=True)
    return PageViewRestriction.objects.filter(on_chain | Q(StartsWith(path, F("page__aliases__path"))))


def public(pages, shown_on=None):
    """`pages` without those behind a view restriction (a password, a login, a group), so lists
    and links never show a reader what they may not open.

    Wagtail's ``PageQuerySet.public()`` does the same but first loads every restriction: one
    more query per page view. Here the check is part of the list's own query. Restrictions on
    `shown_on` (the page being served) and its ancestors do not count: whoever sees that page
    has passed them, so a block behind a login still lists its attitudes to those who logged in.
    """
    restrictions = view_restrictions_on(OuterRef("path"))
    if shown_on is not None:
        passed = [shown_on.path[:end] for end in range(shown_on.steplen, len(shown_on.path) + 1, shown_on.steplen)]
        restrictions = restrictions.exclude(page__path__in=passed)
    return pages.exclude(Exists(restrictions))


class RestrictedPageMixin:
    """Wagtail's restriction check in one query (or none), and the shared cache's permission."""

    def get_view_restrictions(self):
        """Wagtail's answer in one query instead of two, or in none when routing already asked
        in the query that found this page (``view_restricted``, kennisbank/content/routing.py).
        Asked on every view (never kept), so access is always current. Only the page being served
        is routed, and Wagtail's check of it only loops over the answer: an empty tuple, not
        ``.none()``, whose evaluation compiles a query (5 % of an attitude page's time)."""
        if getattr(self, "view_restricted", None) is False:
            return ()
        return view_restrictions_on(self.path).distinct()

    def serve(self, request, *args, **kwargs):
        """A shared cache (Varnish, a CDN) may keep the page for anonymous readers.

        A page behind a view restriction only gets here for a reader who passed it, and
        passing one (a password, a login, a group) always gives the reader a session, which
        keeps the response out of shared caches (kennisbank/caching/headers.py). Everyone
        else gets Wagtail's password or login page, which is never marked shareable.
        """
        allow_shared_cache(request)
        return super().serve(request, *args, **kwargs)
