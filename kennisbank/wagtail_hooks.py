from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .admin_views import TranslationReportView


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        path("reports/translations/", TranslationReportView.as_view(), name="kennisbank_translations"),
        path(
            "reports/translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="kennisbank_translations_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return MenuItem(
        _("Translations"), reverse("kennisbank_translations"), name="translations",
        icon_name="globe", order=700,
    )


class TranslationPanel(Component):
    name = "translations"
    order = 150
    template_name = "kennisbank/admin/translation_panel.html"

    def get_context_data(self, parent_context):
        from wagtail.models import Page

        from .models import AttitudePage, BlockPage
        from .translation_status import translation_rows

        pages = Page.objects.type(BlockPage, AttitudePage).specific()
        rows = translation_rows(pages)
        return {"incomplete": sum(1 for row in rows if row.missing), "total": len(rows),
                "url": reverse("kennisbank_translations")}


@hooks.register("construct_homepage_panels")
def add_translation_panel(request, panels):
    panels.append(TranslationPanel())
