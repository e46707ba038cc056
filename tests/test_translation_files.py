"""PO export → edit → import round trip, and refusal of bad files with nothing written."""

import polib
import pytest
from django.core.management import CommandError, call_command

from kennisbank.content.models import AttitudePage
from kennisbank.translators.po_files import TranslationFileError, export_po, import_po

from .factories import example, exercise


@pytest.fixture
def enriched(seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.examples_nl = [("example", example(title="Blokken stapelen",
                                            situation="Je kind bouwt een toren."))]
    page.exercises_nl = [("exercise", exercise(title="Tien minuten volgen",
                                               steps=("Ga naast je kind zitten", "Kijk wat het doet")))]
    page.examples_en = page.examples_ar = page.exercises_en = page.exercises_ar = []
    page.save_revision().publish()
    return page


def entry(po, key):
    return next(e for e in po if e.msgctxt == key)


def test_export_lists_every_field_with_existing_translations(enriched):
    po = export_po("en")
    assert po.metadata["Language"] == "en"
    title = entry(po, f"page/{enriched.id}/title")
    assert (title.msgid, title.msgstr) == ("Volgen", "Following your child's lead")
    assert entry(po, f"page/{enriched.id}/examples/0/situation").msgid == "Je kind bouwt een toren."
    assert entry(po, f"page/{enriched.id}/exercises/0/steps/1").msgid == "Kijk wat het doet"
    assert entry(po, f"page/{enriched.id}/examples/0/situation").msgstr == ""


def test_round_trip_including_streamfield_text(enriched, tmp_path):
    path = tmp_path / "en.po"
    call_command("export_translations", "en", output=str(path))
    po = polib.pofile(str(path))
    entry(po, f"page/{enriched.id}/title").msgstr = "Following the child"
    entry(po, f"page/{enriched.id}/examples/0/title").msgstr = "Stacking blocks"
    entry(po, f"page/{enriched.id}/examples/0/situation").msgstr = "Your child builds a tower."
    entry(po, f"page/{enriched.id}/exercises/0/steps/1").msgstr = "Watch what they do"
    po.save(str(path))

    call_command("import_translations", str(path), verbosity=0)
    live = AttitudePage.objects.get(id=enriched.id)
    assert live.title_en == "Following your child's lead"  # not published: a moderator reviews first
    draft = live.get_latest_revision_as_object()
    assert draft.title_en == "Following the child"
    assert draft.examples_en[0].value["situation"].source == "Your child builds a tower."
    assert draft.examples_en[0].value["audience"] == "both"
    assert list(draft.exercises_en[0].value["steps"])[1].source == "Watch what they do"
    assert draft.title_nl == "Volgen"
    # Exported again, the draft's translations are what the file would say.
    again = export_po("en")
    assert entry(again, f"page/{enriched.id}/examples/0/title").msgid == "Blokken stapelen"


def test_import_reports_each_entry(enriched, tmp_path, capsys):
    po = export_po("ar")
    entry(po, f"page/{enriched.id}/title").msgstr = "المتابعة"
    path = tmp_path / "ar.po"
    po.save(str(path))
    call_command("import_translations", str(path))
    out = capsys.readouterr().out
    assert f"changed: page/{enriched.id}/title" in out
    assert "unchanged: page/" in out


def revisions():
    from wagtail.models import Revision

    return Revision.objects.count()


@pytest.mark.parametrize("mutate, message", [
    (lambda po: po.metadata.update({"Language": "fr"}), "must be one of"),
    (lambda po: po.metadata.update({"Language": "nl"}), "must be one of"),
    (lambda po: po.append(polib.POEntry(msgctxt="page/999999/title", msgid="x", msgstr="y")),
     "Unknown key"),
    (lambda po: po.append(polib.POEntry(msgctxt="page/1/body/9", msgid="x", msgstr="y")),
     "Unknown key"),
])
def test_bad_files_are_refused_with_nothing_written(enriched, mutate, message):
    po = export_po("en")
    entry(po, f"page/{enriched.id}/title").msgstr = "Changed"
    mutate(po)
    before = revisions()
    with pytest.raises(TranslationFileError, match=message):
        import_po(str(po))
    assert revisions() == before
    draft = AttitudePage.objects.get(id=enriched.id).get_latest_revision_as_object()
    assert draft.title_en == "Following your child's lead"


def test_malformed_file_and_wrong_language_via_the_command(enriched, tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_bytes(b'msgid "unterminated\n\xff\xfe')
    with pytest.raises(CommandError, match="not a readable PO file"):
        call_command("import_translations", str(broken))
    english = tmp_path / "en.po"
    export_po("en").save(str(english))
    with pytest.raises(CommandError, match="not 'ar'"):
        call_command("import_translations", str(english), language="ar")
    with pytest.raises(CommandError, match="Unknown target language"):
        call_command("export_translations", "xx", output=str(tmp_path / "x.po"))


def test_admin_export_and_import(client, admin_user, enriched):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(admin_user)
    response = client.get(reverse("kennisbank_export_translations", args=["en"]))
    assert response["Content-Disposition"] == 'attachment; filename="kennisbank-en.po"'
    po = polib.pofile(response.content.decode())
    entry(po, f"page/{enriched.id}/title").msgstr = "Following, step by step"
    upload = SimpleUploadedFile("en.po", str(po).encode())
    response = client.post(reverse("kennisbank_import_translations"), {"file": upload})
    assert response.status_code == 200
    assert f"page/{enriched.id}/title" in response.content.decode()
    draft = AttitudePage.objects.get(id=enriched.id).get_latest_revision_as_object()
    assert draft.title_en == "Following, step by step"
    bad = SimpleUploadedFile("bad.po", b"\xff\xfe not a po file")
    response = client.post(reverse("kennisbank_import_translations"), {"file": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
