from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import UnansweredQueriesReportView


@hooks.register("register_admin_urls")
def unanswered_search_urls():
    return [
        path("reports/searches-without-results/", UnansweredQueriesReportView.as_view(),
             name="kennisbank_unanswered_searches"),
        path("reports/searches-without-results/results/",
             UnansweredQueriesReportView.as_view(results_only=True),
             name="kennisbank_unanswered_searches_results"),
    ]


@hooks.register("register_reports_menu_item")
def unanswered_search_menu_item():
    return MenuItem(
        _("Searches without results"), reverse("kennisbank_unanswered_searches"),
        name="searches-without-results", icon_name="search", order=1310,
    )
