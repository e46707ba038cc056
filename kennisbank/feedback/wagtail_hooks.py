from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Feedback
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


class FeedbackViewSet(SnippetViewSet):
    """The answers one by one (Snippets → Reader comments): final editors delete a comment in
    which a reader wrote personal details anyway. Nobody adds or edits answers."""

    model = Feedback
    icon = "comment"
    menu_label = _("Reader comments")
    list_display = ["day", "page", "language", "helpful", "comment"]
    list_filter = ["language", "helpful"]
    ordering = ["-day", "-id"]
    inspect_view_enabled = True


register_snippet(FeedbackViewSet)
