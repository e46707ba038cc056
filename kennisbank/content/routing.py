"""Finding the page for a URL by its slug in the reader's language.

wagtail-modeltranslation replaces every translated page's ``route()`` with its own, which loads
all children of a page to compare their slugs in Python: a block with 2,000 attitudes loads
2,000 rows per view. ``route_by_slug`` asks the database for the one slug (indexed per
language, migration 0003). ``install()`` puts it in place of modeltranslation's route on our
page types, once every app is ready, and logs what it replaced; tests/test_routing.py fails if
it is not in place or if modeltranslation stops patching route the way this expects.
"""

import logging

from django.db.models import Q
from django.http import Http404
from django.utils import translation
from wagtail.models import Page

from kennisbank.caching.worker import worker_cache
from kennisbank.languages import SOURCE_LANGUAGE, localized

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


def child_by_slug(parent, slug):
    """The child of `parent` served at `slug`, as its own page type: one query per page type
    the parent allows below it, tried in the order it declares them (the home page: blocks
    first, then the standing pages)."""
    matches = slug_matches(translation.get_language(), slug)
    for model in parent.specific_class.allowed_subpage_models():
        children = model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        found = children.filter(matches).order_by("path").first()
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


def install(models):
    """Put route_by_slug in place of wagtail-modeltranslation's route on `models`."""
    from wagtail_modeltranslation import patch_wagtailadmin

    for model in models:
        replaced = model.__dict__.get("route")
        if replaced is not patch_wagtailadmin._new_route:
            raise RuntimeError(
                f"{model.__name__}.route is {replaced!r}, not wagtail-modeltranslation's _new_route: "
                "check kennisbank/content/routing.py against the installed wagtail-modeltranslation."
            )
        model.route = route_by_slug
    logger.info("Routing by slug: replaced wagtail-modeltranslation's route() on %s",
                ", ".join(model.__name__ for model in models))
