from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.ui.components import Component

from kennisbank.content.report_rows import PermissionMenuItem
from kennisbank.content.revisions import IMPORT_ACTION

from .models import PERMISSION
from .po_files import translatable_pages
from .report import translation_rows
from .views import (
    TranslationReportView,
    export_translations_view,
    import_translations_view,
    require_translator,
)

# Texts of wagtail-modeltranslation's editor, which ships no Dutch or Arabic catalogue, and of
# Wagtail whose Arabic is wrong ("paused" left in English, "Saved" as the imperative "Save"):
# named here so makemessages keeps them in ours (locale/), which Django reads first.
UPSTREAM_TEXTS = [gettext_noop("View / edit fields for"), gettext_noop("This slug is already in use"),
                  gettext_noop("Autosave is <span>paused</span>"), gettext_noop("Saved")]


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        *TranslationReportView.urls("reports/translations/", guard=require_translator),
        path("translations/export/<str:language>/", export_translations_view,
             name="kennisbank_export_translations"),
        path("translations/import/", import_translations_view, name="kennisbank_import_translations"),
    ]


@hooks.register("register_log_actions")
def import_log_action(actions):
    """An import's revision is logged as such: the page history says a translator file changed
    it, and the approval guard tells it from the importer's own edits."""
    actions.register_action(IMPORT_ACTION, _("Import translator file"), _("Translator file imported"))


@hooks.register("register_permissions")
def translator_permission():
    """Shown with the group's other permissions, so administrators can give it to more groups."""
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return PermissionMenuItem(
        _("Translations"), reverse("kennisbank_translations"), name="translations",
        icon_name="globe", order=700, permission=PERMISSION,
    )


@hooks.register("register_settings_menu_item")
def translator_files_menu_item():
    return PermissionMenuItem(
        _("Translator files"), reverse("kennisbank_import_translations"), name="translator-files",
        icon_name="globe", order=710, permission=PERMISSION,
    )


class TranslationPanel(Component):
    name = "translations"
    order = 150
    template_name = "translators/translation_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = translation_rows(translatable_pages(self.user))
        return {"incomplete": sum(1 for row in rows if row.missing), "total": len(rows),
                "url": reverse("kennisbank_translations")}


@hooks.register("construct_homepage_panels")
def add_translation_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(TranslationPanel(request.user))
