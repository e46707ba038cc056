from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView

from .models import UnansweredQuery


class UnansweredQueriesReportView(ReportView):
    """What readers searched for and did not find: the editors' writing list."""

    page_title = _("Searches without results")
    header_icon = "search"
    index_url_name = "kennisbank_unanswered_searches"
    index_results_url_name = "kennisbank_unanswered_searches_results"
    is_searchable = True
    search_fields = ["query__query_string"]
    columns = [
        Column("query", label=_("Search term(s)")),
        Column("language", label=_("Language")),
        NumberColumn("times", label=_("Times")),
        DateColumn("last_seen", label=_("Last searched")),
    ]
    list_export = ["query", "language", "times", "last_seen"]

    def get_queryset(self):
        return UnansweredQuery.objects.select_related("query").order_by("-times", "-last_seen")
