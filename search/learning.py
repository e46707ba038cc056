"""Learning from readers' searches: the editors' report of searches that did not help, per
language (readers who clicked no result or searched again at once, search/events.py), and the
two-click way to turn such a search into a situation of an attitude ("Make it a situation", then
the attitude), saved as a new revision that goes to the reviewers like any editor's change."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.search.utils import normalise_query_string

from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.content.models.attitude_page import situation_lines
from kennisbank.content.report_rows import language_name, require_permission
from kennisbank.core.languages import localized
from kennisbank.translators.po_import import submit_for_review

from .admin_views import REPORTS_PERMISSION, SearchEventFilterSet, SearchReport
from .events import logged_string
from .models import SearchEvent
from .query import run_search

SUGGESTED_ATTITUDES = 5


def reader_counts():
    """Readers of a search (each search typed is one reader), those who clicked no result, those
    who searched again at once, and those either way not helped."""
    return {
        "readers": Count("id"),
        "no_click": Count("id", filter=Q(clicked=False)),
        "again": Count("id", filter=Q(searched_again=True)),
        "not_helped": Count("id", filter=Q(clicked=False) | Q(searched_again=True)),
    }


def situations_by_language():
    """{language: the attitudes' situations, as the log keeps searches}: a search that is one
    of them already has been turned into a situation."""
    found = {}
    for code, _name in settings.LANGUAGES:
        column = localized("situations", code)
        for text in AttitudePage.objects.exclude(**{column: ""}).values_list(column, flat=True):
            found.setdefault(code, set()).update(logged_string(line) for line in situation_lines(text))
    return found


def unhelpful_searches():
    """Per search term and language, the searches that did not help and no attitude has as a
    situation yet, the most readers not helped first."""
    rows = SearchEvent.objects.values("query_string", "language").annotate(**reader_counts()).filter(not_helped__gt=0)
    for code, lines in situations_by_language().items():
        rows = rows.exclude(language=code, query_string__in=lines)
    return rows.order_by("-not_helped", "-readers", "query_string")


def situation_url(query_string, language):
    return reverse("kennisbank_make_situation") + "?" + urlencode({"q": query_string, "language": language})


def situation_button(row):
    return format_html('<a class="button button-small button-secondary" href="{}">{}</a>',
                       situation_url(row["query_string"], row["language"]), gettext("Make it a situation"))


class UnhelpfulSearchesReportView(SearchReport):
    page_title = _("Searches that did not help")
    url_name = "kennisbank_unhelpful_searches"
    filterset_class = SearchEventFilterSet
    own_columns = [
        NumberColumn("readers", label=_("Readers")),
        NumberColumn("no_click", label=_("Clicked nothing")),
        NumberColumn("again", label=_("Searched again at once")),
        Column("situation", label=_("Situation"), accessor=situation_button),
    ]
    not_exported = ("situation",)

    def rows(self):
        return unhelpful_searches()


class SituationForm(forms.Form):
    text = forms.CharField(label=_("Situation"), max_length=300,
                           help_text=_("As the reader typed it; put it in their words if that reads better."))
    attitude = forms.ModelChoiceField(queryset=AttitudePage.objects.all(), label=_("Attitude"))

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


def add_situation(page, language, text, user):
    """Add `text` as a situation of the attitude in `language`, on a new revision built on the
    latest one (an editor's draft stays in it), sent to the reviewers as "Submit for review"
    does (a review under way starts again). False when the attitude has it already."""
    draft = page.get_latest_revision_as_object()
    column = localized("situations", language)
    lines = situation_lines(getattr(draft, column))
    if normalise_query_string(text) in {normalise_query_string(line) for line in lines}:
        return False
    setattr(draft, column, "\n".join([*lines, text]))
    draft.save_revision(user=user, log_action=True)
    submit_for_review(draft, user)
    return True


require_reports = require_permission(REPORTS_PERMISSION)


def attitude_choices(query_string, language):
    """The attitudes to choose from: those the site's search finds for the words first, then
    every attitude by building block."""
    found = run_search(query_string, language, limit=SUGGESTED_ATTITUDES, remember=False).results
    suggested = AttitudePage.objects.filter(id__in=[entry.page.id for entry in found])
    order = {entry.page.id: rank for rank, entry in enumerate(found)}
    blocks = [(block, AttitudePage.objects.child_of(block).order_by("path"))
              for block in BlockPage.objects.order_by("number")]
    return sorted(suggested, key=lambda page: order[page.id]), blocks


@require_reports
def make_situation_view(request):
    """Click one was the report's "Make it a situation"; click two is the attitude."""
    data = request.POST if request.method == "POST" else request.GET
    query_string = normalise_query_string(data.get("q", "").replace("\x00", ""))[:255]  # no NUL reaches the database
    language = data.get("language", "")
    if not query_string or language not in dict(settings.LANGUAGES):
        # A 400, not a 404: LocaleMiddleware would turn a 404 into a redirect to /nl/admin/....
        return HttpResponseBadRequest("No search term and language.")
    counts = SearchEvent.objects.filter(query_string=query_string, language=language).aggregate(**reader_counts())
    form = SituationForm(request.POST or None, initial={"text": data.get("q", "").strip()[:300]})
    if request.method == "POST" and form.is_valid():
        page, text = form.cleaned_data["attitude"], form.cleaned_data["text"]
        lock = page.get_lock()
        if not page.permissions_for_user(request.user).can_edit() or (lock and lock.for_user(request.user)):
            raise PermissionDenied
        added = add_situation(page, language, text, request.user)
        message = gettext("“%(text)s” is now a situation of “%(attitude)s” (%(language)s) and went to the "
                          "reviewers (Eindredactie); readers see it once they approve it.") if added else gettext(
            "“%(attitude)s” already has the situation “%(text)s” (%(language)s).")
        readers = ngettext("%(count)s reader searched for it.", "%(count)s readers searched for it.",
                           counts["readers"]) % {"count": counts["readers"]}
        messages.success(request, message % {"text": text, "attitude": page.title,
                                             "language": language_name(language)} + " " + readers)
        return redirect("kennisbank_unhelpful_searches")
    suggested, blocks = attitude_choices(query_string, language)
    return TemplateResponse(request, "search/make_situation.html", {
        "page_title": _("Make it a situation"), "header_icon": "search", "form": form,
        "query_string": query_string, "language": language, "language_name": language_name(language),
        "counts": counts, "suggested": suggested, "blocks": blocks,
    })
