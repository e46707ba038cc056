from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from kennisbank.content.report_rows import PermissionMenuItem

from .admin_views import (
    REPORTS_PERMISSION,
    EditorsSearchTermsReportView,
    EverydayWordViewSet,
    PromotionViewSet,
    UnansweredQueriesReportView,
)
from .learning import UnhelpfulSearchesReportView, make_situation_view


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        *UnansweredQueriesReportView.urls("reports/searches-without-results/"),
        path("reports/search-terms/", EditorsSearchTermsReportView.as_view(),
             name="kennisbank_search_terms"),
        path("reports/search-terms/results/",
             EditorsSearchTermsReportView.as_view(results_only=True),
             name="kennisbank_search_terms_results"),
        *UnhelpfulSearchesReportView.urls("reports/searches-that-did-not-help/"),
        path("reports/searches-that-did-not-help/situation/", make_situation_view,
             name="kennisbank_make_situation"),
    ]


@hooks.register("register_reports_menu_item")
def unanswered_search_menu_item():
    return PermissionMenuItem(
        _("Searches without results"), reverse("kennisbank_unanswered_searches"),
        name="searches-without-results", icon_name="search", order=1310, permission=REPORTS_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def unhelpful_search_menu_item():
    return PermissionMenuItem(
        _("Searches that did not help"), reverse("kennisbank_unhelpful_searches"),
        name="searches-that-did-not-help", icon_name="search", order=1320, permission=REPORTS_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def search_terms_menu_item():
    return PermissionMenuItem(
        _("Search terms"), reverse("kennisbank_search_terms"),
        name="kennisbank-search-terms", icon_name="search", order=1300, permission=REPORTS_PERMISSION,
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms(request, menu_items):
    # Wagtail's own "Search terms" shows only to superusers; ours above is the same report
    # for both editor groups.
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
