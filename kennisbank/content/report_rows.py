"""What the editors' reports have in common: a row about one page in one language (reviews due,
translations, reader feedback)."""

import functools
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from kennisbank.core.languages import SOURCE_LANGUAGE, localized


@dataclass
class PageLanguageRow:
    page: Page
    language: str

    @property
    def pk(self):
        return self.page.pk  # the edit link (TitleColumn) reverses with it

    @property
    def title(self):
        """The Dutch title: editors know the pages by it, whatever the row's language."""
        return getattr(self.page, localized("title", SOURCE_LANGUAGE))

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def page_type(self):
        return capfirst(str(self.page._meta.verbose_name))

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


def language_name(code):
    """A language as editors know it ("العربية", not "ar")."""
    return dict(settings.LANGUAGES).get(code, code)


class ExcelFriendlyCsv:
    """A report's CSV starts with a byte-order mark: without one, Excel reads UTF-8 as the
    system's code page and Arabic (and é, ë) comes out garbled."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)


def exported(columns, renamed=None):
    """A report's export (``list_export``, ``export_headings``): the columns on screen under the
    same headings; `renamed` exports a column's value under another attribute (a code instead
    of its label)."""
    renamed = renamed or {}
    names = [renamed.get(column.name, column.name) for column in columns]
    return names, {name: column.label for name, column in zip(names, columns, strict=True)}


class EditorsReport(ExcelFriendlyCsv, ReportView):
    """What the editors' reports share: 100 rows a page; columns that begin as every row of the
    report's kind begins (``leading_columns``), then the report's ``own_columns``; a CSV of the
    columns on screen (``exported``, with ``export_renamed``; ``not_exported`` leaves buttons
    out) and two URLs named after ``url_name`` (``urls``)."""

    paginate_by = 100
    url_name = ""
    own_columns = []
    export_renamed = {}
    not_exported = ()

    @classmethod
    def leading_columns(cls):
        return []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "columns" in cls.__dict__:
            raise TypeError(f"{cls.__name__}: declare own_columns; columns are built from them")
        cls.columns = [*cls.leading_columns(), *cls.own_columns]
        cls.index_url_name, cls.index_results_url_name = cls.url_name, f"{cls.url_name}_results"
        shown = [column for column in cls.columns if column.name not in cls.not_exported]
        cls.list_export, cls.export_headings = exported(shown, renamed=cls.export_renamed)

    @classmethod
    def urls(cls, route, guard=lambda view: view):
        """The report's page at `route` and the results its filters fetch, each through `guard`."""
        return [
            path(route, guard(cls.as_view()), name=cls.index_url_name),
            path(f"{route}results/", guard(cls.as_view(results_only=True)), name=cls.index_results_url_name),
        ]


class PageReport(EditorsReport):
    """A report whose rows are a page in one language (``PageLanguageRow``): each begins with the
    page (linked to its editor), its type (unless ``with_type`` is False) and the language."""

    with_type = True

    @classmethod
    def leading_columns(cls):
        return [
            TitleColumn("title", label=_("Page"), get_url=lambda row: row.edit_url),
            *([Column("page_type", label=_("Type"))] if cls.with_type else []),
            Column("language_name", label=_("Language")),
        ]


def language_filter(**options):
    """The reports' filter by the site's languages, by name."""
    return django_filters.ChoiceFilter(label=_("Language"), choices=lambda: list(settings.LANGUAGES), **options)


class PermissionMenuItem(MenuItem):
    """A menu item shown to users who have `permission`."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def require_permission(permission):
    """A view decorator refusing (403) users without `permission`: the reports show every
    page's text or every reader's words, so the menu item alone (PermissionMenuItem) is no guard."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
