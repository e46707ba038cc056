"""Editors and translators in the admin, in Chromium, on the served site (issue 16).

Accounts are made with `manage.py create_editor`, as the README tells; the admin speaks Dutch.
Each test works on its own page, so the other browser tests see the seed content unchanged.
"""

import re

import polib
import pytest

from .admin import approve, approve_over_newer_version, edit, live_url, messages, more_actions

pytestmark = pytest.mark.browser


def arabic_file(tab, tmp_path, translate):
    """Download the Arabic translator file from the admin, apply `translate(po)`, save it."""
    tab.goto("/admin/translations/import/")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="العربية (.po)").click()
    assert re.fullmatch(r"vertalingen-ar-\d{4}-\d\d-\d\d\.po", download.value.suggested_filename)
    po = polib.pofile(str(download.value.path()))
    translate(po)
    path = tmp_path / "ar.po"
    po.save(str(path))
    return path


def upload(tab, path, language):
    tab.goto("/admin/translations/import/")
    tab.select_option("select[name=language]", language)
    tab.set_input_files("input[name=file]", str(path))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Importeren").click()


def translate(key, text):
    def apply(po):
        next(entry for entry in po if entry.msgctxt == key).msgstr = text
    return apply


def test_an_import_during_review_is_not_published_unreviewed(admin, new_page, page_ids, tmp_path):
    """Bug 1: submit, import, approve; the imported text goes live only after its own review."""
    page_id = page_ids["Kind een eigen ruimte geven"]
    writer = admin("redacteur")
    edit(writer, page_id)
    writer.fill("textarea[name=summary_nl]", "Een plek die van je kind is, helpt het zelfstandig te worden.")
    more_actions(writer)
    with writer.expect_navigation():
        writer.click("button[name=action-submit]")
    assert "ter goedkeuring ingediend" in messages(writer)

    reviewer = admin("eindredacteur")
    edit(reviewer, page_id)  # the reviewer opens the submitted version ...
    imported = "منح الطفل مساحته الخاصة به وحده"
    path = arabic_file(writer, tmp_path, translate(f"page/{page_id}/title", imported))

    # ... meanwhile the writer's own import is refused: the page is under review.
    upload(writer, path, "ar")
    refusal = writer.locator("form[enctype]").inner_text()
    assert "Er is niets geïmporteerd." in refusal and "Kind een eigen ruimte geven" in refusal
    # A final editor's import restarts the review with the imported text.
    translator = admin("vertaalredacteur")
    upload(translator, path, "ar")
    assert "naar de Eindredactie gegaan" in messages(translator)

    # The reviewer approves the screen they opened before the import, past Wagtail's warning:
    # refused, nothing published.
    approve_over_newer_version(reviewer)
    assert "terwijl je de pagina open had" in messages(reviewer)
    reader = new_page("ar")
    arabic = live_url(reviewer, page_id, "العربية")
    reader.goto(arabic)
    assert imported not in reader.locator("h1").inner_text()
    # Reviewed now, in its newest version: live.
    approve(reviewer)
    reader.goto(arabic)
    assert reader.locator("h1").inner_text() == imported


def test_a_partial_file_falls_back_to_dutch_part_by_part(admin, new_page, manage, page_ids, tmp_path):
    """Bug 2: only an example's title translated; the rest shows in Dutch, marked, with the notice."""
    page_id = page_ids["Volgen"]
    index = manage("shell", "-c", f"""
from kennisbank.content.models import AttitudePage
page = AttitudePage.objects.get(id={page_id}).get_latest_revision_as_object()
page.examples_nl = list(page.examples_nl.raw_data) + [{{"type": "example", "value": {{
    "title": "Samen bouwen", "situation": "<p>Je kind bouwt een hoge toren.</p>",
    "parent_action": "<p>Je kijkt mee en zegt wat je ziet.</p>", "why_it_helps": "",
    "image": None, "audience": "both"}}}}]
page.save_revision().publish()
print(len(page.examples_nl) - 1)
""").strip().splitlines()[-1]
    translator = admin("vertaalredacteur")
    path = arabic_file(translator, tmp_path, translate(f"page/{page_id}/examples/{index}/title", "نبني معًا"))
    upload(translator, path, "ar")
    assert "1 van" in messages(translator)
    reviewer = admin("eindredacteur")
    edit(reviewer, page_id)
    approve(reviewer)

    reader = new_page("ar")
    reader.goto(live_url(reviewer, page_id, "العربية"))
    assert reader.locator("p.notice").is_visible()
    example = reader.locator("article.example").nth(int(index))
    assert example.locator("h3").inner_text() == "نبني معًا"
    assert example.locator("h3").get_attribute("lang") is None
    situation = example.locator("dd").first
    assert situation.inner_text() == "Je kind bouwt een hoge toren."
    assert (situation.get_attribute("lang"), situation.get_attribute("dir")) == ("nl", "ltr")
    assert example.locator("dt").first.get_attribute("lang") is None  # the label is Arabic
    assert reader.locator("section.examples").get_attribute("lang") is None
    assert reader.locator("section.examples h2").inner_text() == "أمثلة"

    reviewer.goto("/admin/reports/translations/?language=ar")
    row = reviewer.locator("tr", has_text="Volgen").first
    assert "Ontbreekt" in row.inner_text() and "Voorbeelden" in row.inner_text()


def test_the_upload_names_its_language_and_a_disagreeing_header_is_refused(admin, page_ids, tmp_path):
    """Bug 3: an Arabic file whose header says English is not written into English drafts."""
    page_id = page_ids["Benoemen"]
    translator = admin("vertaalredacteur")

    def arabic_but_labelled_english(po):
        po.metadata["Language"] = "en"
        translate(f"page/{page_id}/title", "تسمية")(po)

    path = arabic_file(translator, tmp_path, arabic_but_labelled_english)
    translator.goto("/admin/translations/import/")
    assert translator.locator("select[name=language]").input_value() == ""  # no language chosen for you
    upload(translator, path, "ar")
    assert "is voor English (en), niet voor العربية (ar)" in translator.locator("form[enctype]").inner_text()
    edit(translator, page_id)
    assert translator.locator("input[name=title_en]").input_value() == "Naming feelings and things"


def test_arabic_fields_are_written_right_to_left(admin, page_ids):
    """Bug 5: every Arabic field, rich text and StreamField child included, in a Dutch admin."""
    writer = admin("redacteur")
    edit(writer, page_ids["Benoemen"])
    writer.wait_for_selector(".Draftail-Editor[lang=ar]", state="attached")  # Arabic fields are folded away
    fields = {
        "title": "input[name=title_{}]",
        "summary": "textarea[name=summary_{}]",
        "explanation": ".w-field__input:has(input[name=explanation_{}]) .Draftail-Editor",
        "example situation": ".w-field__input:has(input[name='examples_{}-0-value-situation']) .Draftail-Editor",
        "example title": "input[name='examples_{}-0-value-title']",
        "exercise step": ".w-field__input:has(input[name='exercises_{}-0-value-steps-0-value']) .Draftail-Editor",
    }
    for name, selector in fields.items():
        for language, direction in (("ar", "rtl"), ("nl", "ltr")):
            field = writer.locator(selector.format(language)).first
            assert (field.get_attribute("lang"), field.get_attribute("dir")) == (language, direction), name
    typed = writer.locator("input[name=title_ar]")
    assert typed.evaluate("element => getComputedStyle(element).direction") == "rtl"


@pytest.mark.parametrize("language, direction, title", [
    ("nl", "ltr", "Benoemen"), ("en", "ltr", "Naming feelings and things"), ("ar", "rtl", "تسمية المشاعر والأشياء"),
])
def test_the_preview_in_each_language(admin, page_ids, language, direction, title):
    reviewer = admin("eindredacteur")
    edit(reviewer, page_ids["Benoemen"])
    reviewer.click("[data-side-panel-toggle=preview]")
    preview = reviewer.frame_locator("#w-preview-iframe")
    # The first preview (Dutch) loads before another mode is chosen; a mode chosen while it is
    # still loading can be overtaken by it.
    preview.locator("html[lang=nl]").wait_for(state="attached", timeout=30_000)
    reviewer.select_option("select[name=preview_mode]", language)
    preview.locator(f"html[lang={language}][dir={direction}]").wait_for(state="attached", timeout=30_000)
    assert preview.locator("h1").inner_text() == title


def test_a_reorder_by_each_group(admin, new_page, page_ids):
    """Bug 6: a final editor's reorder changes the site; an editor is not offered the control."""
    block = page_ids["Eigen problemen oplossen en initiatief nemen"]
    first, second = "In vertrouwen het kind laten gaan", "Eigen leven kunnen hebben los van de ander"
    reader = new_page("nl")

    def public_order():
        reader.goto(f"/nl/{block_slug}/")
        return reader.locator(".attitude-list a").all_inner_texts()

    writer = admin("redacteur")
    writer.goto(f"/admin/pages/{block}/?ordering=ord")
    assert writer.locator("tr", has_text=first).count() == 1  # the list is shown ...
    assert writer.locator("[data-w-orderable-target=handle]").count() == 0  # ... without drag handles

    reviewer = admin("eindredacteur")
    block_slug = live_url(reviewer, block, "Nederlands").strip("/").split("/")[-1]
    assert public_order() == [first, second]
    reviewer.goto(f"/admin/pages/{block}/?ordering=ord")
    handle = reviewer.locator("tr", has_text=second).locator("[data-w-orderable-target=handle]")
    handle.focus()
    handle.press("ArrowUp")
    handle.press("Enter")
    reviewer.locator(".messages", has_text="verplaatst").wait_for()
    assert public_order() == [second, first]
    # Put it back for the other tests.
    handle = reviewer.locator("tr", has_text=second).locator("[data-w-orderable-target=handle]")
    handle.focus()
    handle.press("ArrowDown")
    handle.press("Enter")
    # The second move's message looks like the first's: wait for the order itself (a busy
    # machine took longer than half a second to save it).
    for _ in range(20):
        if public_order() == [first, second]:
            break
        reviewer.wait_for_timeout(500)
    assert public_order() == [first, second]
