"""Steps in the Dutch admin that the editors' browser tests share (the logged-in tabs come from
conftest.py's `admin` fixture)."""

import tempfile
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def edit(tab, page_id):
    tab.goto(f"/admin/pages/{page_id}/edit/")


def edit_watched(tab, page_id):
    """Open the edit form and wait until Wagtail watches it for edits. Its unsaved-changes check
    (which starts autosave) announces `w-unsaved:watch-edits` twice on a fresh form: when it is
    cleared as the page loads, and when it takes the form's starting state 2 s later. A field
    typed into before the second counts as the starting state, never as an edit."""
    tab.add_init_script("document.addEventListener('w-unsaved:watch-edits', () => { "
                        "const html = document.documentElement; "
                        "html.dataset.editsWatched = +(html.dataset.editsWatched || 0) + 1 })")
    edit(tab, page_id)
    tab.locator("html[data-edits-watched='2']").wait_for(state="attached")


def more_actions(tab):
    tab.get_by_role("button", name="Meer acties").click()


APPROVE = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"


def approve(tab):
    """Approve, and wait for the page that says so. Once (CI, 2026-12-07) no page came; what the
    tab showed then is kept in a screenshot, so a next time says why."""
    more_actions(tab)
    try:
        with tab.expect_navigation():
            tab.locator(APPROVE).click()
    except PlaywrightTimeoutError:
        shot = Path(tempfile.gettempdir()) / "approve-without-navigation.png"
        tab.screenshot(path=shot, full_page=True)
        raise AssertionError(f"Approving led to no new page; the tab as it was: {shot}") from None


def approve_over_newer_version(tab):
    """Approve a screen that another editor's newer version has overtaken, as an editor would: wait
    for Wagtail's notice of that version (its editing-session ping runs every 10 s), click approve
    and confirm Wagtail's warning dialog. Clicking before the notice would race that ping."""
    tab.locator(".w-editing-sessions__session--saved").wait_for(state="attached", timeout=30_000)
    more_actions(tab)
    tab.locator(APPROVE).click()
    with tab.expect_navigation():
        tab.locator("#w-save-confirmation-dialog [data-w-dialog-target=confirm]").click()


def messages(tab):
    return " ".join(tab.locator(".messages").inner_text().split())


def live_url(tab, page_id, language_name):
    """The "View live" link of the page in a language, from the actions menu of its edit view."""
    edit(tab, page_id)
    tab.locator("header").get_by_role("button", name="Acties").click()
    return tab.get_by_role("link", name=f"Bekijk live: {language_name}").get_attribute("href")
