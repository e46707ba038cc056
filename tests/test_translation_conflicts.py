"""Translator files that cannot undo newer work (issue 27, items 3 and 4): an old file is refused
for the entries changed since its export, rich text compares by content, a blank entry is
reported and a marker removes a translation, an import that changes nothing says so."""

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kennisbank.content.models import AttitudePage
from kennisbank.translators.po_files import export_po
from kennisbank.translators.po_import import REMOVE, import_po

from .conftest import soup


@pytest.fixture
def page(seeded):
    return AttitudePage.objects.get(title_nl="Volgen")


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("vertaler", password="x", first_name="Nadia", last_name="Amrani")
    user.groups.add(Group.objects.get(name="Eindredactie"))
    return user


def arabic(page, **texts):
    """The Arabic export as it is now, with these fields of `page` translated."""
    po = export_po("ar")
    for field, text in texts.items():
        next(e for e in po if e.msgctxt == f"page/{page.id}/{field}").msgstr = text
    return str(po)


def latest(page):
    return AttitudePage.objects.get(id=page.id).get_latest_revision_as_object()


def test_an_older_file_is_refused_for_the_entries_changed_since(page, translator):
    first = arabic(page, summary="خلاصة أولى")
    import_po(first, user=translator)
    import_po(arabic(page, summary="خلاصة ثانية أفضل"), user=translator)  # a later file
    edited = latest(page)
    edited.explanation_ar = "<p>شرح عدّله محرّر.</p>"
    edited.save_revision()  # an edit made without a user (a command)

    # The first file, uploaded again, with one new translation of an untouched field.
    again = polib.pofile(first)
    next(e for e in again if e.msgctxt == f"page/{page.id}/title").msgstr = "المجاراة بهدوء"
    imported = import_po(str(again), user=translator)
    refused = {change.key: change.refused for change in imported.refused}
    assert set(refused) == {f"page/{page.id}/summary", f"page/{page.id}/explanation"}
    assert "Nadia Amrani heeft een vertaalbestand geïmporteerd" in refused[f"page/{page.id}/summary"]
    assert "Samenvatting (العربية)" in refused[f"page/{page.id}/summary"]
    assert "Volgen" in refused[f"page/{page.id}/explanation"]
    assert "een opdracht of een import" in refused[f"page/{page.id}/explanation"]
    now = latest(page)
    assert (now.summary_ar, now.title_ar) == ("خلاصة ثانية أفضل", "المجاراة بهدوء")
    assert now.explanation_ar == "<p>شرح عدّله محرّر.</p>"

    # Ticking "Overwrite newer changes" puts the file's texts back on purpose.
    assert len(import_po(str(again), user=translator, overwrite=True).changed) == 2
    assert latest(page).summary_ar == "خلاصة أولى"


def test_rich_text_saved_again_in_the_editor_is_not_a_change(page, translator):
    """The editor gives paragraphs new `data-block-key`s on each save; the text is the same."""
    draft = latest(page)
    draft.explanation_ar = '<p data-block-key="a1b2c">شرح.</p>'
    draft.save_revision(user=translator)
    exported = arabic(page)
    draft = latest(page)
    draft.explanation_ar = '<p data-block-key="zz9x8">شرح.</p>'
    draft.save_revision(user=translator)
    imported = import_po(exported, user=translator)
    assert imported.changed == [] and imported.refused == []


def test_blank_entries_are_counted_and_the_marker_removes_a_translation(page, translator):
    # A translator blanks the title and marks the summary for removal.
    po = polib.pofile(arabic(page, title="", summary=REMOVE))
    blank = sum(1 for e in po if not e.msgstr.strip())
    imported = import_po(str(po), user=translator)
    assert imported.left_empty == blank >= 1
    assert [change.key for change in imported.changed] == [f"page/{page.id}/summary"]
    assert (latest(page).summary_ar, latest(page).title_ar) == ("", page.title_ar)


def test_the_admin_reports_an_import_without_changes_plainly(client, page, translator):
    client.force_login(translator)
    po = arabic(page, title="")
    response = client.post(reverse("kennisbank_import_translations"),
                           {"language": "ar", "file": SimpleUploadedFile("ar.po", po.encode())})
    text = " ".join(soup(response).select_one(".messages").get_text().split())
    assert "Er is niets veranderd" in text
    assert "0 pagina" not in text and "Eindredactie" not in text
    blank = sum(1 for e in polib.pofile(po) if not e.msgstr.strip())
    assert f"{blank} {'regel' if blank == 1 else 'regels'} leeg gelaten: niet veranderd." in text and REMOVE in text
