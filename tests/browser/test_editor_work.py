"""Editors who never lose work (issue 27), in Chromium on the served site: publishing after
Wagtail's autosave, promotions in the site's languages, translator files that cannot undo newer
work. Each test works on its own page, so the other browser tests see the seed content unchanged.
"""

import pytest

from .admin import edit, live_url, messages, more_actions

pytestmark = pytest.mark.browser


def test_publish_after_autosave_works_on_the_first_click(admin, new_page, page_ids):
    page_id = page_ids["Niet te snel helpen en met oplossingen komen"]
    reviewer = admin("eindredacteur")
    edit(reviewer, page_id)
    summary = "Wacht even voor je helpt: zo ontdekt je kind zelf een oplossing."
    reviewer.fill("textarea[name=summary_nl]", summary)
    saved = reviewer.locator(".w-autosave-indicator__state--saved")
    saved.wait_for(state="visible")  # Wagtail's autosave made a revision of its own
    assert saved.inner_text().strip() == "Opgeslagen"
    more_actions(reviewer)
    with reviewer.expect_navigation():
        reviewer.click("button[name=action-publish]")
    assert "gepubliceerd" in messages(reviewer) and "terwijl je de pagina open had" not in messages(reviewer)
    reader = new_page("nl")
    reader.goto(live_url(reviewer, page_id, "Nederlands"))
    assert summary in reader.locator("main").inner_text()
