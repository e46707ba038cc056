from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from kennisbank.content.report_rows import EditorsReport, ExcelFriendlyCsv, language_filter, language_name

from .models import EverydayWord, Promotion, UnansweredQuery

REPORTS_PERMISSION = "kennisbank_search.view_search_reports"


class SearchReportMixin:
    """Both editor groups (Redacteuren, Eindredactie) see what readers search for: the
    permission is theirs by migration 0004. Wagtail's own report admits superusers only."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORTS_PERMISSION):
            return permission_denied(request)
        return ReportView.dispatch(self, request, *args, **kwargs)


class UnansweredFilterSet(WagtailFilterSet):
    language = language_filter()

    class Meta:
        model = UnansweredQuery
        fields = ["language"]


class UnansweredQueriesReportView(SearchReportMixin, EditorsReport):
    """What readers searched for and did not find, per language: the editors' writing list."""

    page_title = _("Searches without results")
    header_icon = "search"
    url_name = "kennisbank_unanswered_searches"
    is_searchable = True
    search_fields = ["query__query_string"]
    filterset_class = UnansweredFilterSet
    columns = [
        Column("query", label=_("Search term(s)")),
        Column("language", label=_("Language"), accessor=lambda row: language_name(row.language)),
        NumberColumn("times", label=_("Times")),
        DateColumn("last_seen", label=_("Last searched")),
    ]

    def get_queryset(self):
        return UnansweredQuery.objects.select_related("query").order_by("-times", "-last_seen")


class EditorsSearchTermsReportView(SearchReportMixin, ExcelFriendlyCsv, SearchTermsReportView):
    index_url_name = "kennisbank_search_terms"
    index_results_url_name = "kennisbank_search_terms_results"


def language_choices():
    return [("", _("Every language"))] + [(code, name) for code, name in settings.LANGUAGES]


def promotion_language(promotion):
    return dict(language_choices()).get(promotion.language, promotion.language)


class PromotionForm(WagtailAdminModelForm):
    """The language is one of the site's (settings.LANGUAGES), chosen by name: typed as free text
    ("Arabisch") it saved, and the promotion never showed anywhere."""

    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=language_choices,
        help_text=_("Leave empty to promote the page in every language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A search term may be Arabic: written right to left as it is typed.
        self.fields["query_string"].widget.attrs["dir"] = "auto"


class PromotionViewSet(ModelViewSet):
    """Settings → Promoted search results, per language. Eindredactie may add, change and
    delete them (migration 0004); the description is written in each language."""

    model = Promotion
    icon = "pick"
    menu_label = _("Promoted search results")
    add_to_settings_menu = True
    menu_order = 900
    list_display = ["query_string", Column("language", label=_("Language"), accessor=promotion_language), "page",
                    "sort_order"]
    search_fields = ["query_string"]

    def get_form_fields(self):
        return ["query_string", "language", "page"] + [
            f"description_{code}" for code, _name in settings.LANGUAGES
        ] + ["sort_order"]

    def get_edit_handler(self):
        # Wagtail builds this form from panels (the model has an edit handler), never from
        # formfield_for_dbfield: the form class is where the language becomes a choice.
        return ObjectList([FieldPanel(name) for name in self.get_form_fields()],
                          base_form_class=PromotionForm).bind_to_model(self.model)


class EverydayWordViewSet(ModelViewSet):
    """Settings → Everyday words: words readers type that the pages do not use (Gulf,
    Levantine, Egyptian Arabic; everyday speech), and the pages' words for them. Both editor
    groups keep the list (migration 0008); ``search.dialect`` reads it."""

    model = EverydayWord
    icon = "doc-full"
    menu_label = _("Everyday words")
    add_to_settings_menu = True
    menu_order = 910
    list_display = ["word", "standard", "language", "region"]
    list_filter = ["language", "region"]
    search_fields = ["word", "standard"]
    form_fields = ["word", "standard", "language", "region"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "language":
            return forms.ChoiceField(label=db_field.verbose_name, choices=settings.LANGUAGES,
                                     initial=db_field.default)
        return super().formfield_for_dbfield(db_field, **kwargs)
