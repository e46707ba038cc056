"""Admin views for translators: the translation report and PO file export/import."""

import json

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.languages import target_languages

from .po_files import TranslationFileError, export_po, import_po
from .report import translation_rows


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code in target_languages()]


class TranslationFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=language_choices, method="keep_all"
    )
    block = django_filters.ModelChoiceFilter(
        label=_("Building block"),
        queryset=BlockPage.objects.order_by("number"),
        method="in_block",
    )

    class Meta:
        model = Page
        fields = []

    def keep_all(self, queryset, name, value):
        # Languages are rows, not pages: the view expands pages into rows per language.
        return queryset

    def in_block(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path) if value else queryset


class TranslationReportView(ReportView):
    page_title = _("Translations")
    header_icon = "globe"
    index_url_name = "kennisbank_translations"
    index_results_url_name = "kennisbank_translations_results"
    filterset_class = TranslationFilterSet
    paginate_by = 100
    columns = [
        Column("title", label=_("Page")),
        Column("page_type", label=_("Type")),
        Column("language", label=_("Language")),
        Column("state_label", label=_("State")),
        Column("missing_fields", label=_("Missing fields")),
    ]
    list_export = ["title", "page_type", "language", "state", "missing_fields"]
    export_headings = {
        "title": _("Page"), "page_type": _("Type"), "language": _("Language"),
        "state": _("State"), "missing_fields": _("Missing fields"),
    }

    def get_queryset(self):
        return Page.objects.type(BlockPage, AttitudePage).order_by("path").specific()

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        language = None
        if self.filters and self.filters.is_valid():
            language = self.filters.form.cleaned_data.get("language") or None
        return translation_rows(pages, [language] if language else None)


class TranslationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Translated PO file"),
        help_text=_("A file exported here and translated in a PO editor."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PO_SIZE:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


MAX_PO_SIZE = 5 * 1024 * 1024


def export_translations_view(request, language):
    try:
        po = export_po(language)
    except TranslationFileError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kennisbank-{language}.po"'
    return response


def import_translations_view(request):
    changes = None
    form = TranslationFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            changes = import_po(form.cleaned_data["file"].read(), user=request.user)
        except TranslationFileError as error:
            form.add_error("file", str(error))
        else:
            changed = sum(change.changed for change in changes)
            messages.success(request, _("%(changed)s of %(total)s entries changed; saved as drafts "
                                        "for review.") % {"changed": changed, "total": len(changes)})
    return TemplateResponse(request, "translators/import_translations.html", {
        "form": form, "changes": changes, "languages": language_choices(),
        "page_title": _("Translator files"), "header_icon": "globe",
    })


@require_admin_access
@require_POST
def copy_translation_content_view(request, page_id):
    """Guard for wagtail-modeltranslation's "copy content to another language" endpoint.

    Upstream answers a plain GET, an unknown page or a malformed body with a 500
    (UnboundLocalError, DoesNotExist, JSONDecodeError); here those get a 400 and only
    editors who may edit the page reach the real view.
    """
    from wagtail_modeltranslation.wagtail_hooks import return_translation_target_field_rendered_html

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        # A 400, not a 404: LocaleMiddleware would turn a 404 into a redirect to /nl/....
        return HttpResponseBadRequest("No such page.")
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    try:
        json.loads(request.POST.get("serializedOriginField", ""))
        fields = {request.POST.get("origin_field_name"), request.POST.get("target_field_name")}
        for name in fields:
            page.specific._meta.get_field(name or "")
    except (ValueError, FieldDoesNotExist):
        return HttpResponseBadRequest("Invalid copy request.")
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return HttpResponseBadRequest("Invalid copy request.")
    try:
        return return_translation_target_field_rendered_html(request, page_id)
    except (KeyError, TypeError, ValueError):  # a stream that does not fit the field
        return HttpResponseBadRequest("Invalid copy request.")
