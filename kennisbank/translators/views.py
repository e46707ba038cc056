"""Admin views for translators: the translation report and PO file export/import."""

import json

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Page

from kennisbank.content.models import BlockPage
from kennisbank.content.report_rows import PageReport, require_permission
from kennisbank.core.languages import target_languages

from .models import PERMISSION
from .po_files import TranslationFileError, export_po, translatable_pages
from .po_import import REMOVE, import_po
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


def file_name(language=""):
    """What a downloaded file is, in the admin's language: vertalingen-ar-2026-11-29."""
    parts = [slugify(gettext("translations")), language, timezone.localdate().isoformat()]
    return "-".join(part for part in parts if part)


# Translator files and the report show every page's text: only users with the translator
# permission (the editor groups, migration 0002) may use them.
require_translator = require_permission(PERMISSION)


class TranslationReportView(PageReport):
    page_title = _("Translations")
    header_icon = "globe"
    url_name = "kennisbank_translations"
    filterset_class = TranslationFilterSet
    own_columns = [
        Column("state", label=_("State")), Column("missing_fields", label=_("Missing fields")),
        Column("term_findings", label=_("Terminology")),
    ]

    def get_filename(self):
        language = self.filters.form.cleaned_data.get("language") if self.filters and self.filters.is_valid() else ""
        return file_name(language)

    def get_queryset(self):
        return translatable_pages(self.request.user)

    def stream_csv(self, queryset):
        """Wagtail writes the CSV while the response streams, after the admin's language was
        switched off again: write it in that language."""
        language, lines = translation.get_language(), super().stream_csv(queryset)

        def in_language():
            with translation.override(language):
                yield from lines

        return in_language()

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        language = None
        if self.filters and self.filters.is_valid():
            language = self.filters.form.cleaned_data.get("language") or None
        return translation_rows(pages, [language] if language else None)


class TranslationFileForm(forms.Form):
    # No language chosen beforehand: the translator says which one the file is in.
    language = forms.ChoiceField(
        label=_("Language of the translation"),
        choices=lambda: [("", _("Choose the language"))] + language_choices(),
        help_text=_("The file's header must name the same language."),
    )
    file = forms.FileField(
        label=_("Translated PO file"),
        help_text=_("A file exported here and translated in a PO editor."),
    )
    overwrite = forms.BooleanField(
        label=_("Overwrite newer changes"), required=False,
        help_text=_("Without this, a text someone changed on the site after your file was exported is "
                    "left as it is and listed."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PO_SIZE:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


MAX_PO_SIZE = 5 * 1024 * 1024


@require_translator
def export_translations_view(request, language):
    try:
        po = export_po(language, user=request.user)
    except TranslationFileError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(language)}.po"'
    return response


@require_translator
def import_translations_view(request):
    imported, problems = None, []
    form = TranslationFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imported = import_po(form.cleaned_data["file"].read(), user=request.user,
                                 expected_language=form.cleaned_data["language"],
                                 overwrite=form.cleaned_data["overwrite"])
        except TranslationFileError as error:
            problems = error.messages
            form.add_error("file", problems[0])
        else:
            report_import(request, imported)
    return TemplateResponse(request, "translators/import_translations.html", {
        "form": form, "imported": imported, "problems": problems[1:], "languages": language_choices(),
        "remove": REMOVE, "page_title": _("Translator files"), "header_icon": "globe",
    })


def report_import(request, imported):
    """What the import did, in plain words: changed (and sent for review), refused, left empty."""
    changed_pages = len({change.page.id for change in imported.changed})
    if changed_pages:
        messages.success(request, ngettext(
            "%(changed)s of %(total)s entries changed, on %(pages)s page. It went to the reviewers "
            "(Eindredactie); nothing is published until they approve it.",
            "%(changed)s of %(total)s entries changed, on %(pages)s pages. They went to the reviewers "
            "(Eindredactie); nothing is published until they approve them.",
            changed_pages,
        ) % {"changed": len(imported.changed), "total": len(imported.changes), "pages": changed_pages})
    elif not imported.refused:
        messages.info(request, gettext("Nothing changed: the file holds the texts the site already has."))
    if imported.refused:
        messages.warning(request, ngettext(
            "%(count)s entry was not imported: it changed on the site after your file was exported. "
            "See the list below.",
            "%(count)s entries were not imported: they changed on the site after your file was exported. "
            "See the list below.",
            len(imported.refused),
        ) % {"count": len(imported.refused)})
    if imported.left_empty:
        messages.info(request, ngettext(
            "%(count)s entry left empty: unchanged. To remove a translation, fill in %(marker)s as its text.",
            "%(count)s entries left empty: unchanged. To remove a translation, fill in %(marker)s as its text.",
            imported.left_empty,
        ) % {"count": imported.left_empty, "marker": REMOVE})


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
