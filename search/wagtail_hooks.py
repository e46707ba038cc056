from django.urls import path
from wagtail import hooks

from .admin_views import (
    EverydayWordViewSet,
    PromotionViewSet,
    SearchTermsReportView,
    UnansweredQueriesReportView,
)
from .learning import UnhelpfulSearchesReportView, make_situation_view


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        *UnansweredQueriesReportView.urls("reports/searches-without-results/"),
        *SearchTermsReportView.urls("reports/search-terms/"),
        *UnhelpfulSearchesReportView.urls("reports/searches-that-did-not-help/"),
        path("reports/searches-that-did-not-help/situation/", make_situation_view,
             name="kennisbank_make_situation"),
    ]


for report in (SearchTermsReportView, UnansweredQueriesReportView, UnhelpfulSearchesReportView):
    hooks.register("register_reports_menu_item", report.menu_item)


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
