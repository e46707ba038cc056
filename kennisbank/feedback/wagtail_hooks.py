from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kennisbank.content.report_rows import PermissionMenuItem

from .models import Feedback
from .report import FeedbackReportView


@hooks.register("register_admin_urls")
def feedback_report_urls():
    return FeedbackReportView.urls("reports/feedback/")


@hooks.register("register_reports_menu_item")
def feedback_report_menu_item():
    return PermissionMenuItem(_("Reader feedback"), reverse("feedback_report"), name="feedback",
                              icon_name="comment", order=730, permission="feedback.view_feedback")


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
