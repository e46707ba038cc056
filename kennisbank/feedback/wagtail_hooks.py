from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import FeedbackReportView


@hooks.register("register_admin_urls")
def feedback_report_urls():
    return [
        path("reports/feedback/", FeedbackReportView.as_view(), name="feedback_report"),
        path("reports/feedback/results/", FeedbackReportView.as_view(results_only=True),
             name="feedback_report_results"),
    ]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("feedback.view_feedback")


@hooks.register("register_reports_menu_item")
def feedback_report_menu_item():
    return FeedbackMenuItem(_("Reader feedback"), reverse("feedback_report"), name="feedback",
                            icon_name="comment", order=730)
