from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .reviews import ReviewReportView


@hooks.register("register_admin_urls")
def review_report_urls():
    return [
        path("reports/reviews/", ReviewReportView.as_view(), name="kennisbank_reviews"),
        path("reports/reviews/results/", ReviewReportView.as_view(results_only=True),
             name="kennisbank_reviews_results"),
    ]


class PageEditorMenuItem(MenuItem):
    """Shown to users who may edit or publish pages (the editor groups)."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_reports_menu_item")
def review_report_menu_item():
    return PageEditorMenuItem(_("Reviews due"), reverse("kennisbank_reviews"), name="reviews",
                              icon_name="date", order=720)
