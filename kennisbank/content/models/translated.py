"""What every public page knows about its languages.

Fields are translated with modeltranslation (``title_nl``, ``title_en``, ...). A reader in
English sees the Dutch text where the English is empty; templates need to know *which* fields
fell back so they can mark them ``lang="nl"`` and show a notice.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_translation_fields
from wagtail.models import Page, PageViewRestriction

from kennisbank.caching.worker import any_view_restrictions, worker_cache

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

# What a link to another page needs (its title and, for its URL, its url_path in every
# language): loading only these keeps the wide translated rows out of link queries, whose SQL
# compilation otherwise costs more than the query itself.
LINK_FIELDS = ("path", "depth", "title", "url_path")


@functools.cache
def link_fields():
    """LINK_FIELDS (and the id), each translated one in every language too: the page columns a
    query written in SQL loads for links (AttitudePage.linked_attitudes)."""
    translated = translator.get_options_for_model(Page).all_fields
    fields = ["id"]
    for name in LINK_FIELDS:
        fields += [name, *(get_translation_fields(name) if name in translated else [])]
    return tuple(fields)


@functools.cache
def served_columns(model, language):
    """The columns of a `model` page served in `language`, quoted: its translations in that
    language and in Dutch (the fallback), url_path in every language (the language links), and
    no untranslated originals, which modeltranslation never reads. For the one query that
    loads the page being served (TranslatedPageMixin.child_by_slug); each column left out is
    one less to describe, convert and, for a StreamField, parse on every view."""
    translated = translator.get_options_for_model(model).all_fields
    shown = {language, SOURCE_LANGUAGE}
    skipped = set(translated)
    for name, fields in translated.items():
        skipped.update(field.name for field in fields if name != "url_path" and field.language not in shown)
    quote = connection.ops.quote_name
    return ", ".join(quote(field.column) for field in model._meta.concrete_fields if field.name not in skipped)


def descendant_paths(path):
    """Bounds that every path below `path` lies strictly between: tree paths are [0-9A-Z], and
    "~" sorts after all of them. For queries written in SQL: unlike a LIKE pattern, a range
    uses the path index in a prepared statement's generic plan too."""
    return path, path + "~"


def target_languages():
    """The languages translated from Dutch."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def is_empty(value):
    """A translation is missing when it holds no text (an empty StreamField counts as empty)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return len(value) == 0


class TranslatedPageMixin:
    # Reader-visible translated fields, in the order a translator would meet them.
    translated_fields = ("title", "seo_title", "search_description", "slug")

    def untranslated_fields(self, language=None):
        """Names of fields shown in the source language because `language` has no text."""
        language = language or translation.get_language()
        if language == SOURCE_LANGUAGE:
            return []
        return [
            name
            for name in self.translated_fields
            if is_empty(getattr(self, build_localized_fieldname(name, language)))
            and not is_empty(getattr(self, build_localized_fieldname(name, SOURCE_LANGUAGE)))
        ]

    def language_links(self, request=None):
        """The same page in every language: the switcher and hreflang links use this."""
        links = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                links.append({"code": code, "name": name, "url": self.get_url(request)})
        return links

    # The page type of this page's children, "app_label.ModelName" (found by route_by_slug).
    child_page_model = None
    # What a page needs when routing only passes through it to a child: a link to it
    # (breadcrumbs, an attitude's block) and its place in the tree to find the child.
    route_through_fields = LINK_FIELDS

    def route_by_slug(self, request, path_components):
        """Find the child by its slug in the reader's language.

        wagtail-modeltranslation's route loads every child and compares slugs in Python, which
        grows with the number of attitudes in a block. Here the page being served costs one
        query; a page only routed through (a block on the way to its attitude) comes from the
        worker's cache. An empty translated slug falls back to the Dutch one, as
        modeltranslation's own fallback does.
        """
        if not path_components:
            return Page.route(self, request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        if self.child_page_model is None:
            raise Http404
        model = apps.get_model(self.child_page_model)
        if not remaining:
            child = self.child_by_slug(model, slug)
        elif model.child_page_model is None:
            raise Http404  # nothing lives below such a child
        else:
            child = self.children_to_route_through().get(slug)
        if child is None:
            raise Http404
        child.route_parent = self
        return child.route(request, remaining)

    def child_by_slug(self, model, slug):
        """The child of type `model` whose slug in the reader's language is `slug` (or whose
        Dutch slug is, where it has none in that language), with all its fields: one query
        on the per-language slug indexes (migration 0003). Written in SQL because every page
        view runs it, and for such a wide row Django's compiler costs more than the query
        (docs/benchmarks.md)."""
        quote = connection.ops.quote_name
        language = translation.get_language()
        own = quote(build_localized_fieldname("slug", language))
        matches, values = f"{own} = %s", [slug]
        if language != SOURCE_LANGUAGE:
            source = quote(build_localized_fieldname("slug", SOURCE_LANGUAGE))
            matches += f" OR (COALESCE({own}, '') = '' AND {source} = %s)"
            values.append(slug)
        pages, children = quote(Page._meta.db_table), quote(model._meta.db_table)
        sql = (
            f"SELECT {served_columns(model, language)} FROM {pages} JOIN {children} "
            f"ON {children}.{quote(model._meta.pk.column)} = {pages}.{quote(Page._meta.pk.column)} "
            f"WHERE path > %s AND path < %s AND depth = %s AND ({matches}) ORDER BY path LIMIT 1"
        )
        return next(iter(model.objects.raw(sql, [*descendant_paths(self.path), self.depth + 1, *values])), None)

    def children_to_route_through(self):
        """This page's children by their slug in the reader's language, with only what routing
        through them needs; kept per worker (only pages whose children have children of their
        own come here: the five blocks under the home page)."""
        language = translation.get_language()

        def load():
            model = apps.get_model(self.child_page_model)
            children = {}
            for child in model.objects.child_of(self).order_by("path").only(*model.route_through_fields, "slug"):
                own = getattr(child, build_localized_fieldname("slug", language))
                children.setdefault(own or getattr(child, build_localized_fieldname("slug", SOURCE_LANGUAGE)), child)
            return children

        return worker_cache.get(("route-through", self.pk, language), load)

    def get_view_restrictions(self):
        """Wagtail checks restrictions on every view with two queries; none are needed while
        no page on the site has one."""
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def breadcrumbs(self, request=None):
        """From the home page down to this page, which is shown but not linked (no URL).

        Routing already walked this path (``route_parent``), so no query is needed; a page
        reached another way (preview) asks the tree. With the request, Wagtail finds the
        site's root paths once per request instead of once per link.
        """
        chain, page = [], self
        while page is not None and page.depth >= 2:
            chain.insert(0, page)
            page = getattr(page, "route_parent", None)
        if chain[0].depth != 2:
            chain = list(self.get_ancestors(inclusive=True).filter(depth__gte=2))
        *ancestors, current = chain
        return [{"title": page.title, "url": page.get_url(request)} for page in ancestors] + [
            {"title": current.title, "url": None}
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["untranslated"] = self.untranslated_fields()
        context["language_links"] = self.language_links(request)
        context["breadcrumbs"] = self.breadcrumbs(request)
        return context
