"""The editors' feedback report: per page × language, how many readers said yes and no, the
share that found it helpful, and the latest comments; exportable as CSV or Excel."""

import datetime
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Page

from kennisbank.content.report_rows import PageLanguageRow, PageReport, language_filter

from .models import Feedback

LATEST_COMMENTS = 3
PERIODS = [("30", _("Last 30 days")), ("90", _("Last 90 days")), ("365", _("Last year"))]


@dataclass
class FeedbackRow(PageLanguageRow):
    yes: int
    no: int
    comments: list = field(default_factory=list)  # the latest, newest first

    @property
    def answers(self):
        return self.yes + self.no

    @property
    def helpful_share(self):
        """"75 %" of the answers said yes."""
        return f"{round(100 * self.yes / self.answers)} %"

    @property
    def latest_comments(self):
        return " | ".join(f"{day:%Y-%m-%d}: {text}" for day, text in self.comments)


def feedback_rows(answers):
    """One row per page and language in `answers` (a Feedback queryset), most answers first."""
    counts = list(
        answers.values("page", "language")
        .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
        .order_by("page", "language")
    )
    pages = Page.objects.in_bulk({count["page"] for count in counts})
    rows = {(c["page"], c["language"]): FeedbackRow(pages[c["page"]], c["language"], c["yes"], c["no"])
            for c in counts}
    for answer in answers.exclude(comment="").order_by("-day", "-id").only("page", "language", "day", "comment"):
        row = rows[(answer.page_id, answer.language)]
        if len(row.comments) < LATEST_COMMENTS:
            row.comments.append((answer.day, answer.comment))
    return sorted(rows.values(), key=lambda row: (-row.answers, row.page.path, row.language))


class FeedbackFilterSet(WagtailFilterSet):
    language = language_filter()
    period = django_filters.ChoiceFilter(label=_("Period"), choices=PERIODS, method="since")

    class Meta:
        model = Feedback
        fields = ["language"]

    def since(self, queryset, name, value):
        return queryset.filter(day__gt=timezone.localdate() - datetime.timedelta(days=int(value)))


class FeedbackReportView(PageReport):
    page_title = _("Reader feedback")
    header_icon = "comment"
    url_name = "feedback_report"
    model = Feedback
    permission_required = "view"
    filterset_class = FeedbackFilterSet
    with_type = False
    own_columns = [
        Column("yes", label=_("Yes")), Column("no", label=_("No")), Column("helpful_share", label=_("Helpful")),
        Column("latest_comments", label=_("Latest comments")),
    ]

    def get_queryset(self):
        return Feedback.objects.all()

    def get_filtered_queryset(self):
        return feedback_rows(self.filter_queryset(self.get_queryset()))
