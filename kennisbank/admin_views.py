"""Admin report: which pages are translated into which language, and what is missing."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .models import AttitudePage, BlockPage
from .translation_status import target_languages, translation_rows


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code in target_languages()]


class TranslationFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=language_choices, method="keep_all"
    )
    block = django_filters.ModelChoiceFilter(
        label=_("Building block"),
        queryset=BlockPage.objects.order_by("number"),
        method="in_block",
    )

    class Meta:
        model = Page
        fields = []

    def keep_all(self, queryset, name, value):
        # Languages are rows, not pages: the view expands pages into rows per language.
        return queryset

    def in_block(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path) if value else queryset


class TranslationReportView(ReportView):
    page_title = _("Translations")
    header_icon = "globe"
    index_url_name = "kennisbank_translations"
    index_results_url_name = "kennisbank_translations_results"
    filterset_class = TranslationFilterSet
    paginate_by = 100
    columns = [
        Column("title", label=_("Page")),
        Column("page_type", label=_("Type")),
        Column("language", label=_("Language")),
        Column("state_label", label=_("State")),
        Column("missing_fields", label=_("Missing fields")),
    ]
    list_export = ["title", "page_type", "language", "state", "missing_fields"]
    export_headings = {
        "title": _("Page"), "page_type": _("Type"), "language": _("Language"),
        "state": _("State"), "missing_fields": _("Missing fields"),
    }

    def get_queryset(self):
        return Page.objects.type(BlockPage, AttitudePage).order_by("path").specific()

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        language = None
        if self.filters and self.filters.is_valid():
            language = self.filters.form.cleaned_data.get("language") or None
        return translation_rows(pages, [language] if language else None)
