"""Finding the page for a URL by its slug in the reader's language, and the sites a URL is
made for.

wagtail-modeltranslation replaces every translated page's ``route()`` with its own, which loads
all children of a page to compare their slugs in Python: a block with 2,000 attitudes loads
2,000 rows per view. ``route_by_slug`` asks the database for the one slug (indexed per
language, migration 0003).

It also replaces ``_get_site_root_paths()`` (what every ``get_url`` starts from) with a version
that keeps the answer on the request for one language at a time: a page showing links in three
languages read the shared cache four times per view. ``site_root_paths`` keeps each language's
answer per worker until content changes.

``install()`` puts both in place once every app is ready and logs what it replaced;
tests/test_layout.py fails if they are not in place or if modeltranslation stops patching these
methods the way this expects.
"""

import logging

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath

from kennisbank.caching.worker import worker_cache
from kennisbank.content.compiled_query import CompiledQuery
from kennisbank.core.languages import SOURCE_LANGUAGE, localized

logger = logging.getLogger(__name__)


def slug_matches(language, slug):
    """Pages whose slug in `language` is `slug`, or whose Dutch slug is where they have none in
    that language (modeltranslation's fallback)."""
    column = localized("slug", language)
    own = Q(**{column: slug})
    if language == SOURCE_LANGUAGE:
        return own
    untranslated = Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
    return own | (untranslated & Q(**{localized("slug", SOURCE_LANGUAGE): slug}))


def children_by_slug(model, language, parent_path, depth, slug):
    """`model`'s pages below `parent_path` served at `slug` in `language`, each saying whether a
    view restriction applies to it (``view_restricted``)."""
    from kennisbank.content.models.base import view_restrictions_on

    children = model.objects.filter(path__startswith=parent_path, depth=depth)
    restricted = Exists(view_restrictions_on(OuterRef("path")))
    return children.filter(slug_matches(language, slug)).annotate(
        view_restricted=restricted
    ).order_by("path")[:1]


# Compiled once per page type and language (kennisbank/content/compiled_query.py).
child_query = CompiledQuery(children_by_slug)


def child_by_slug(parent, slug):
    """The child of `parent` served at `slug`, as its own page type: one query per page type
    the parent allows below it, tried in the order it declares them (the home page: blocks
    first, then the standing pages). The same query says whether a view restriction applies,
    so a page without one needs no second query to check (TranslatedPageMixin.get_view_restrictions)."""
    language = translation.get_language()
    for model in parent.specific_class.allowed_subpage_models():
        found = child_query.first(model, language, parent_path=parent.path, depth=parent.depth + 1, slug=slug)
        if found is not None:
            return found
    return None


def children_to_route_through(parent):
    """`parent`'s children that have children of their own (the five blocks below the home page),
    by their slug in the reader's language, with only what routing through them needs; kept
    per worker until content changes (kennisbank/caching/worker.py)."""
    language = translation.get_language()

    def load():
        children = {}
        for model in parent.specific_class.allowed_subpage_models():
            if not model.allowed_subpage_models():
                continue
            for child in model.objects.child_of(parent).order_by("path").only(*model.route_through_fields, "slug"):
                own = getattr(child, localized("slug", language))
                children.setdefault(own or getattr(child, localized("slug", SOURCE_LANGUAGE)), child)
        return children

    return worker_cache.get(("route-through", parent.pk, language), load)


def route_by_slug(self, request, path_components):
    """Page.route for translated slugs: the page being served costs one query, a page only
    routed through comes from the worker's cache."""
    if not path_components:
        return Page.route(self, request, path_components)
    slug, remaining = path_components[0], path_components[1:]
    child = child_by_slug(self, slug) if not remaining else children_to_route_through(self).get(slug)
    if child is None:
        raise Http404
    child.route_parent = self
    return child.route(request, remaining)


def site_root_paths(self, request=None):
    """The sites' root paths in the reader's language, as wagtail-modeltranslation computes
    them, kept per worker until content changes (saving a Site or moving, publishing or
    unpublishing a page changes it: kennisbank/caching/worker.py) and on the request for each
    language (outside public pages every worker-cache read asks the shared cache)."""
    language = translation.get_language()

    def load():
        sites = Site.objects.select_related("root_page", "root_page__locale").order_by("-root_page__url_path")
        return [
            SiteRootPath(site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code)
            for site in sites
        ]

    if request is None:
        return worker_cache.get(("site-root-paths", language), load)
    if not hasattr(request, "site_root_paths_by_language"):
        request.site_root_paths_by_language = {}
    if language not in request.site_root_paths_by_language:
        request.site_root_paths_by_language[language] = worker_cache.get(("site-root-paths", language), load)
    # Wagtail's redirects (wagtail.contrib.redirects) read the answer from here.
    request._wagtail_cached_site_root_paths = request.site_root_paths_by_language[language]
    return request._wagtail_cached_site_root_paths


def install(models):
    """Put route_by_slug in place of wagtail-modeltranslation's route on `models`, and
    site_root_paths in place of its _get_site_root_paths on them and on Page (once: Page is
    shared by every call)."""
    from wagtail_modeltranslation import patch_wagtailadmin

    replacements = [
        (model, name, patch_wagtailadmin.__dict__[upstream], ours)
        for name, upstream, ours, patched in [
            ("route", "_new_route", route_by_slug, models),
            ("_get_site_root_paths", "_new_get_site_root_paths", site_root_paths, [Page, *models]),
        ]
        for model in patched
    ]
    for model, name, upstream, ours in replacements:
        replaced = model.__dict__.get(name)
        if replaced is not upstream and replaced is not ours:
            raise RuntimeError(
                f"{model.__name__}.{name} is {replaced!r}, not wagtail-modeltranslation's {upstream.__name__}: "
                "check kennisbank/content/routing.py against the installed wagtail-modeltranslation."
            )
    for model, name, _upstream, ours in replacements:
        setattr(model, name, ours)
    logger.info("Routing by slug: replaced wagtail-modeltranslation's route() on %s and _get_site_root_paths() on %s",
                ", ".join(model.__name__ for model in models),
                ", ".join(model.__name__ for model in [Page, *models]))
