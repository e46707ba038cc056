"""Editors who never lose work (issue 27), in Chromium on the served site: publishing after
Wagtail's autosave, promotions in the site's languages, translator files that cannot undo newer
work. Each test works on its own page, so the other browser tests see the seed content unchanged.
"""

import pytest

from .admin import edit, edit_watched, live_url, messages, more_actions

pytestmark = pytest.mark.browser


def test_publish_after_autosave_works_on_the_first_click(admin, new_page, page_ids):
    page_id = page_ids["Niet te snel helpen en met oplossingen komen"]
    reviewer = admin("eindredacteur")
    edit_watched(reviewer, page_id)
    summary = "Wacht even voor je helpt: zo ontdekt je kind zelf een oplossing."
    reviewer.fill("textarea[name=summary_nl]", summary)
    reviewer.locator("textarea[name=summary_nl]").press("Tab")  # leaving the field: Wagtail sees the edit
    saved = reviewer.locator(".w-autosave-indicator__state--saved")
    saved.wait_for(state="visible")  # Wagtail's autosave made a revision of its own
    assert saved.inner_text().strip() == "Opgeslagen"
    reviewer.screenshot(path="/tmp/editors-shots/autosaved.png")
    more_actions(reviewer)
    with reviewer.expect_navigation():
        reviewer.click("button[name=action-publish]")
    assert "gepubliceerd" in messages(reviewer) and "terwijl je de pagina open had" not in messages(reviewer)
    reader = new_page("nl")
    reader.goto(live_url(reviewer, page_id, "Nederlands"))
    assert summary in reader.locator("main").inner_text()


def test_an_arabic_promotion_made_in_the_form_shows_for_an_arabic_search(admin, new_page, page_ids, manage):
    reviewer = admin("eindredacteur")
    reviewer.goto("/admin/kennisbank_promotions/new/")
    reviewer.fill("input[name=query_string]", "نوبة غضب")
    language = reviewer.locator("select[name=language]")
    assert language.locator("option").all_inner_texts() == ["Elke taal", "Nederlands", "English", "العربية"]
    language.select_option(label="العربية")
    # The page chooser's modal is Wagtail's own; its hidden input is what the form sends.
    reviewer.locator("input[name=page]").evaluate("(input, id) => { input.value = id }",
                                                  page_ids["Reguleren van emoties"])
    reviewer.locator(".locale-picker").get_by_role("button", name="ar", exact=True).click()  # Arabic fields shown
    reviewer.fill("textarea[name=description_ar]", "ساعد طفلك على أن يهدأ معك.")
    reviewer.screenshot(path="/tmp/editors-shots/promotion-form.png", full_page=True)
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Toevoegen").click()
    row = reviewer.locator("tbody tr", has_text="نوبة غضب")
    assert "العربية" in row.inner_text()
    reviewer.screenshot(path="/tmp/editors-shots/promotion-list.png", full_page=True)

    reader = new_page("ar")
    reader.goto("/ar/search/?q=نوبة غضب")
    assert "ساعد طفلك على أن يهدأ معك." in reader.locator("section.promotions").inner_text()
    dutch = new_page("nl")
    dutch.goto("/nl/zoeken/?q=نوبة غضب")
    assert dutch.locator("section.promotions").count() == 0
    manage("shell", "-c", "from search.models import Promotion; Promotion.objects.all().delete()")


def test_a_page_under_review_is_read_only_for_its_writer(admin, page_ids):
    """Item 9: Wagtail only stopped the mouse; typed text could never be saved."""
    page_id = page_ids["Contact houden met je eigen behoeftes"]
    writer = admin("redacteur")
    edit(writer, page_id)
    more_actions(writer)
    with writer.expect_navigation():
        writer.click("button[name=action-submit]")
    edit(writer, page_id)
    in_inert = "field => field.closest('[inert]') !== null"
    assert writer.locator("input[name=title_nl]").evaluate(in_inert)
    assert writer.locator("textarea[name=summary_ar]").evaluate(in_inert)
    writer.screenshot(path="/tmp/editors-shots/under-review-writer.png")
    reviewer = admin("eindredacteur")
    edit(reviewer, page_id)
    assert not reviewer.locator("input[name=title_nl]").evaluate(in_inert)


def test_a_refused_english_slug_stays_in_sight(admin, manage, page_ids):
    """Item 6: the duplicate-slug error in the admin's language, and the English field it is on
    still shown after the refused save (the language toggles used to fall back to Dutch)."""
    page_id = page_ids["Duidelijk zijn over je eigen wensen: ik-boodschappen geven"]
    taken = manage("shell", "-c", f"from wagtail.models import Page; page = Page.objects.get(id={page_id}).specific; "
                   "print(page.get_siblings(inclusive=False).specific().first().slug_en)").split()[-1]
    reviewer = admin("eindredacteur")
    edit(reviewer, page_id)
    reviewer.get_by_role("tab", name="Eigenschappen").click()
    reviewer.locator(".locale-picker").get_by_role("button", name="en", exact=True).click()
    reviewer.fill("input[name=slug_en]", taken)
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Bewaar concept").click()
    reviewer.get_by_role("tab", name="Eigenschappen").click()
    error = reviewer.locator(".w-field:has(input[name=slug_en]) .error-message")
    assert error.is_visible() and error.inner_text().strip() == "Deze slug wordt al gebruikt"
    reviewer.screenshot(path="/tmp/editors-shots/slug-error.png")
