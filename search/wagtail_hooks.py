import functools

from django.urls import path
from wagtail import hooks

from .admin_views import (
    EverydayWordViewSet,
    PromotionViewSet,
    SearchTermsReportView,
    UnansweredQueriesReportView,
)
from .learning import UnhelpfulSearchesReportView, make_situation_view

# The search reports, where they live and, in this order, under Reports in the menu.
SEARCH_REPORTS = [
    (SearchTermsReportView, "reports/search-terms/"),
    (UnansweredQueriesReportView, "reports/searches-without-results/"),
    (UnhelpfulSearchesReportView, "reports/searches-that-did-not-help/"),
]


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        *(url for report, route in SEARCH_REPORTS for url in report.urls(route)),
        path("reports/searches-that-did-not-help/situation/", make_situation_view,
             name="kennisbank_make_situation"),
    ]


for order, (report, _route) in enumerate(SEARCH_REPORTS, start=1300):
    hooks.register("register_reports_menu_item", functools.partial(report.menu_item, order))


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms(request, menu_items):
    # Wagtail's own "Search terms" shows only to superusers and counts every language at once;
    # ours above counts per language, for both editor groups.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("construct_settings_menu")
def hide_wagtail_promotions(request, menu_items):
    # Wagtail's promotions know no languages and the search page no longer reads them.
    menu_items[:] = [item for item in menu_items if item.name != "promoted-search-results"]


@hooks.register("register_admin_viewset")
def promotion_viewset():
    return PromotionViewSet("kennisbank_promotions")


@hooks.register("register_admin_viewset")
def everyday_word_viewset():
    return EverydayWordViewSet("kennisbank_everyday_words")
