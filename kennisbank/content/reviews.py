"""The overdue-review report: every block, attitude and standing page × language whose review
is overdue, due within a month, or was never recorded, with a link to edit the page.

Each language has its own review (kennisbank/content/models/review.py), so an Arabic text that
nobody has checked shows up even when the Dutch one is current.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from kennisbank.core.languages import language_codes, localized

from .models import AttitudePage, BlockPage, ContentPage, SituationFinderPage
from .report_rows import PageLanguageRow, PageReport, language_filter

# "Due within a month": listed this many days before the next review date.
DUE_SOON_DAYS = 31

OVERDUE, DUE_SOON, NOT_REVIEWED = "overdue", "due", "not-reviewed"
STATUS_LABELS = {
    OVERDUE: _("Overdue"),
    DUE_SOON: _("Due within a month"),
    NOT_REVIEWED: _("Not reviewed yet"),
}


@dataclass
class ReviewRow(PageLanguageRow):
    last_reviewed_on: datetime.date | None
    next_review_on: datetime.date | None
    status: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def review_status(last_reviewed_on, next_review_on, today):
    if last_reviewed_on is None or next_review_on is None:
        return NOT_REVIEWED
    if next_review_on < today:
        return OVERDUE
    if next_review_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return None


def review_rows(pages, languages=None, today=None):
    """Rows for the pages × languages that need a review: never reviewed first, then by date."""
    today = today or timezone.localdate()
    rows = []
    for page in pages:
        for language in languages or language_codes():
            last = getattr(page, localized("last_reviewed_on", language))
            upcoming = getattr(page, localized("next_review_on", language))
            status = review_status(last, upcoming, today)
            if status:
                rows.append(ReviewRow(page, language, last, upcoming, status))
    rows.sort(key=lambda row: (row.status != NOT_REVIEWED, row.next_review_on or datetime.date.min,
                               row.page.path, row.language))
    return rows


class ReviewFilterSet(WagtailFilterSet):
    language = language_filter(method="rows_not_pages")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items()), method="rows_not_pages"
    )

    class Meta:
        model = Page
        fields = []

    def rows_not_pages(self, queryset, name, value):
        # Languages and statuses belong to rows, which the view builds from the pages.
        return queryset


class ReviewReportView(PageReport):
    page_title = _("Reviews due")
    header_icon = "date"
    url_name = "kennisbank_reviews"
    filterset_class = ReviewFilterSet
    # Editors see the pages they may edit; a user who may edit none is refused.
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["change", "publish"]
    own_columns = [
        # Dates, not Wagtail's "10 months ago": a review is planned for a day.
        Column("last_reviewed_on", label=_("Last reviewed on")),
        Column("next_review_on", label=_("Next review")),
        Column("status_label", label=_("Status")),
    ]
    export_renamed = {"status_label": "status"}

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return editable.type(BlockPage, AttitudePage, ContentPage, SituationFinderPage).order_by("path").specific()

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        filters = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        language, status = filters.get("language"), filters.get("status")
        rows = review_rows(pages, [language] if language else None)
        return [row for row in rows if row.status == status] if status else rows
