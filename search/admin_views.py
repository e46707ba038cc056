from django import forms
from django.conf import settings
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.viewsets.model import ModelViewSet

from kennisbank.content.report_rows import EditorsReport, PermissionMenuItem, language_filter, language_name

from .models import EverydayWord, Promotion, SearchEvent, UnansweredQuery

REPORTS_PERMISSION = "kennisbank_search.view_search_reports"


class SearchReport(EditorsReport):
    """What the search reports share: rows of search terms with their language (dicts), found by
    their words, for both editor groups (Redacteuren, Eindredactie: the permission is theirs by
    migration 0004; Wagtail's own Search terms report admits superusers only). Every row begins
    with the words and their language, by name."""

    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]

    @classmethod
    def leading_columns(cls):
        return [
            Column("query_string", label=_("Search term(s)")),
            Column("language", label=_("Language"), accessor=lambda row: language_name(row["language"])),
        ]

    @classmethod
    def menu_item(cls, order):
        return PermissionMenuItem(cls.page_title, reverse(cls.url_name), name=cls.url_name, icon_name="search",
                                  order=order, permission=REPORTS_PERMISSION)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORTS_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        # Wagtail's ReportView filters what get_queryset returns, but searches only in the
        # get_queryset it brings, which the reports replace.
        return self.search_queryset(self.rows())


class UnansweredFilterSet(WagtailFilterSet):
    language = language_filter()

    class Meta:
        model = UnansweredQuery
        fields = []


class UnansweredQueriesReportView(SearchReport):
    """What readers searched for and did not find, per language: the editors' writing list."""

    page_title = _("Searches without results")
    url_name = "kennisbank_unanswered_searches"
    filterset_class = UnansweredFilterSet
    own_columns = [NumberColumn("times", label=_("Times")), DateColumn("last_seen", label=_("Last searched"))]

    def rows(self):
        return (UnansweredQuery.objects.values("language", "times", "last_seen", query_string=F("query__query_string"))
                .order_by("-times", "-last_seen"))


class SearchEventFilterSet(WagtailFilterSet):
    """Readers' searches by language and by the days they were made."""

    language = language_filter()
    date = DateFromToRangeFilter(label=_("Date"), field_name="created_at", widget=DateRangePickerWidget)

    class Meta:
        model = SearchEvent
        fields = []


class SearchTermsReportView(SearchReport):
    """What readers search for, per language. Wagtail's own report counts a term over every
    language at once (its query log keeps none); the readers' searches (SearchEvent) do."""

    page_title = _("Search terms")
    url_name = "kennisbank_search_terms"
    filterset_class = SearchEventFilterSet
    own_columns = [NumberColumn("searches", label=_("Searches")), DateColumn("last_searched", label=_("Last searched"))]

    def rows(self):
        # The filters narrow the searches; counted per term and language after them, by Count's
        # GROUP BY over the filtered rows.
        return (SearchEvent.objects.values("query_string", "language")
                .annotate(searches=Count("id"), last_searched=Max("created_at"))
                .order_by("-searches", "query_string", "language"))


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
