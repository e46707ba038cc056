"""The page editor for a site in three languages: each field's own direction, a preview and a
"View live" link per language, drag-and-drop ordering only for those who may reorder, and no
approval of a version older than the page's newest; and the Reviews due report."""

import json

from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.workflow import PreviewRevisionForTaskView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets.button import ButtonWithDropdownFromHook
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from kennisbank.core.languages import page_urls

from . import compare  # noqa: F401  (registers Revision Compare for rich text)
from .reviews import ReviewReportView
from .revisions import changed_fields, field_label, unseen_revisions, who_changed


@hooks.register("insert_editor_js")
def field_directions():
    directions = {code: "rtl" if get_language_info(code)["bidi"] else "ltr" for code, _name in settings.LANGUAGES}
    return format_html('<script src="{}" data-languages="{}"></script>',
                       static("kennisbank_admin/editor.js"), json.dumps(directions))


class ViewLiveInLanguage(PageMenuItem):
    icon_name = "doc-empty"
    link_rel = "noreferrer"

    def is_shown(self, user):
        return self.page.live and bool(self.url)


def view_live_buttons(page, priority):
    """ "View live" once per language, each to the page's URL in that language."""
    if not page.live or page.is_root():
        return []
    urls = page_urls(page)
    return [
        ViewLiveInLanguage(_("View live: %(language)s") % {"language": name}, url=urls[code],
                           priority=priority + index, page=page)
        for index, (code, name) in enumerate(settings.LANGUAGES)
        if urls.get(code)
    ]


@hooks.register("register_page_header_buttons")
def view_live_header_buttons(page, user, view_name, next_url=None):
    return view_live_buttons(page, priority=5)


@hooks.register("register_page_listing_more_buttons")
def view_live_listing_buttons(page, user, next_url=None):
    return view_live_buttons(page, priority=6)


@hooks.register("construct_page_listing_buttons")
def without_plain_view_live(buttons, page, user, context=None):
    """The row menu had Wagtail's plain "View live" (the URL in the admin's language) beside the
    one per language; only those stay."""
    plain = gettext("View live")
    for button in buttons:
        if isinstance(button, ButtonWithDropdownFromHook):
            button.dropdown_buttons = [item for item in button.dropdown_buttons if str(item.label) != plain]


@hooks.register("before_edit_page")
def refuse_approving_an_older_version(request, page):
    """Approving or publishing from the edit form saves the form first: a reviewer whose screen
    predates someone else's newer revision (an imported translator file, a colleague's edit) would
    publish their older copy and silently drop the newer one. Refuse, and say who changed what, so
    they review what is there now. The editor's own autosaves (Wagtail 8 saves revisions while
    they type) are their own work and never block."""
    makes_live = request.POST.get("action-workflow-action") or request.POST.get("action-publish")
    loaded = request.POST.get("loaded_revision_id", "")
    autosave = not request.accepts("text/html")  # JSON: Wagtail checks its own conflicts there
    if request.method != "POST" or not makes_live or autosave or not loaded.isdigit():
        return None
    unseen = unseen_revisions(page, request.user, loaded, request.POST.get("loaded_revision_created_at", ""))
    if not unseen:
        return None
    loaded_revision = page.revisions.filter(pk=loaded).first()
    newest = unseen[-1][0]
    fields = changed_fields(page.specific, loaded_revision.content if loaded_revision else {}, newest.content)
    messages.error(request, _(
        "This page changed while you had it open: %(who)s (%(fields)s). Nothing was approved or "
        "published. Here is the newest version: review it again."
    ) % {
        "who": ", ".join(dict.fromkeys(who_changed(revision, imported) for revision, imported in unseen)),
        "fields": ", ".join(field_label(page.specific, field, code) for field, code in fields) or _("no text"),
    })
    return redirect("wagtailadmin_pages:edit", page.id)


class ExplorerView(ExplorableIndexView):
    """The page explorer without drag-and-drop handles for users who may not reorder.

    Wagtail offers the handles to anyone who sorts by "ord", but only users who may publish may
    reorder (moving a page changes the live site's order at once): the others' drags were
    refused after the fact while the list looked reordered (issue 16, bug 6)."""

    @cached_property
    def show_ordering_column(self):
        return super().show_ordering_column and self.permissions.can_reorder_children()


class PreviewInLanguage(PreviewRevisionForTaskView):
    """The reviewer's preview of a revision under review, in the language `?mode=` names (the
    review mail links each edited language); Wagtail's shows only the default mode, Dutch."""

    def get(self, request, *args, **kwargs):
        mode = request.GET.get("mode")
        allowed = self.task_state and self.task.get_actions(self.object, request.user)
        if mode not in dict(settings.LANGUAGES) or not allowed:
            return super().get(request, *args, **kwargs)  # refuses as Wagtail does, or previews Dutch
        revision = self.task_state.revision
        return revision.as_object().make_preview_request(request, mode,
                                                         extra_request_attrs={"revision_id": revision.id})


class KennisbankPageViewSet(PageViewSet):
    model = Page
    index_view_class = ExplorerView
    workflow_preview_view_class = PreviewInLanguage


@hooks.register("register_admin_viewset")
def page_viewset():
    # After Wagtail's own viewset for Page (registered with order=-1), so this one is used.
    return KennisbankPageViewSet("kennisbank_pages")


@hooks.register("register_admin_urls")
def review_report_urls():
    return ReviewReportView.urls("reports/reviews/")


class PageEditorMenuItem(MenuItem):
    """Shown to users who may edit or publish pages (the editor groups)."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_reports_menu_item")
def review_report_menu_item():
    return PageEditorMenuItem(_("Reviews due"), reverse("kennisbank_reviews"), name="reviews",
                              icon_name="date", order=720)
