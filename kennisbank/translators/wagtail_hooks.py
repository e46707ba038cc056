from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .views import TranslationReportView, export_translations_view, import_translations_view


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        path("reports/translations/", TranslationReportView.as_view(), name="kennisbank_translations"),
        path(
            "reports/translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="kennisbank_translations_results",
        ),
        path("translations/export/<str:language>/", export_translations_view,
             name="kennisbank_export_translations"),
        path("translations/import/", import_translations_view, name="kennisbank_import_translations"),
    ]


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return MenuItem(
        _("Translations"), reverse("kennisbank_translations"), name="translations",
        icon_name="globe", order=700,
    )


@hooks.register("register_settings_menu_item")
def translator_files_menu_item():
    return MenuItem(
        _("Translator files"), reverse("kennisbank_import_translations"), name="translator-files",
        icon_name="globe", order=710,
    )


class TranslationPanel(Component):
    name = "translations"
    order = 150
    template_name = "translators/translation_panel.html"

    def get_context_data(self, parent_context):
        from wagtail.models import Page

        from kennisbank.content.models import AttitudePage, BlockPage

        from .report import translation_rows

        pages = Page.objects.type(BlockPage, AttitudePage).specific()
        rows = translation_rows(pages)
        return {"incomplete": sum(1 for row in rows if row.missing), "total": len(rows),
                "url": reverse("kennisbank_translations")}


@hooks.register("construct_homepage_panels")
def add_translation_panel(request, panels):
    panels.append(TranslationPanel())
