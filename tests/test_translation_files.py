"""PO export → edit → import round trip; imports go to the reviewers; bad files, hostile markup
and invalid values are refused or cleaned with nothing else written."""

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Revision, WorkflowState

from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.translators.po_files import TranslationFileError, export_po
from kennisbank.translators.po_import import import_po

from .conftest import soup, url_in
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


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", email="redacteur@example.org", password="x")
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("eindredacteur", email="eind@example.org", password="x")
    user.groups.add(Group.objects.get(name="Eindredactie"))
    return user


def entry(po, key):
    return next(e for e in po if e.msgctxt == key)


def arabic_file(page, **texts):
    """The Arabic export with these fields translated: field path → text."""
    po = export_po("ar")
    for path, text in texts.items():
        entry(po, f"page/{page.id}/{path.replace('__', '/')}").msgstr = text
    return str(po)


def latest(page):
    return AttitudePage.objects.get(id=page.id).get_latest_revision_as_object()


def revisions():
    return Revision.objects.count()


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
    entry(po, f"page/{enriched.id}/examples/0/situation").msgstr = "Your child builds a <b>tower</b>."
    entry(po, f"page/{enriched.id}/exercises/0/steps/1").msgstr = "Watch what they do"
    po.save(str(path))

    call_command("import_translations", str(path), verbosity=0)
    live = AttitudePage.objects.get(id=enriched.id)
    assert live.title_en == "Following your child's lead"  # not published: a moderator reviews first
    draft = latest(enriched)
    assert draft.title_en == "Following the child"
    # Rich text is stored as the editor stores it: in a paragraph, bold kept.
    assert draft.examples_en[0].value["situation"].source.endswith(">Your child builds a <b>tower</b>.</p>")
    assert draft.examples_en[0].value["audience"] == "both"
    assert list(draft.exercises_en[0].value["steps"])[1].source.endswith(">Watch what they do</p>")
    assert draft.title_nl == "Volgen"
    # Exported again, the file holds the draft's translations: what the editor sees.
    again = export_po("en")
    assert entry(again, f"page/{enriched.id}/examples/0/title").msgstr == "Stacking blocks"


def test_import_reports_each_entry(enriched, tmp_path, capsys):
    path = tmp_path / "ar.po"
    path.write_text(arabic_file(enriched, title="المتابعة"), encoding="utf-8")
    call_command("import_translations", str(path))
    out = capsys.readouterr().out
    assert f"changed: page/{enriched.id}/title" in out
    assert "unchanged: page/" in out


# --- Bug 1: an import never slips into a review under way; every imported page is reviewed ---

def approve(client, moderator, page):
    state = AttitudePage.objects.get(id=page.id).current_workflow_state
    client.force_login(moderator)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.id, "approve", state.current_task_state.id]),
        {"comment": ""},
    )


def test_an_imported_page_goes_to_the_reviewers(enriched, editor, moderator, client):
    import_po(arabic_file(enriched, title="المتابعة بهدوء"), user=editor)
    state = AttitudePage.objects.get(id=enriched.id).current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.requested_by == editor
    assert state.current_task_state.revision.as_object().title_ar == "المتابعة بهدوء"
    assert AttitudePage.objects.get(id=enriched.id).title_ar != "المتابعة بهدوء"  # not live yet
    approve(client, moderator, enriched)
    assert AttitudePage.objects.get(id=enriched.id).title_ar == "المتابعة بهدوء"


def test_an_import_restarts_a_review_under_way(enriched, editor, moderator, client):
    """The reviewer approved what was submitted; the text imported during the review is not
    published with it but waits for its own review."""
    draft = latest(enriched)
    draft.title_ar = "نص قُدِّم للمراجعة"
    draft.save_revision(user=editor)
    enriched.get_workflow().start(enriched, editor)
    first = AttitudePage.objects.get(id=enriched.id).current_workflow_state

    import_po(arabic_file(enriched, summary="نص مستورد لم يراجعه أحد"), user=moderator)
    first.refresh_from_db()
    assert first.status == WorkflowState.STATUS_CANCELLED
    second = AttitudePage.objects.get(id=enriched.id).current_workflow_state
    assert second.status == "in_progress" and second.id != first.id
    assert second.current_task_state.revision.as_object().summary_ar == "نص مستورد لم يراجعه أحد"
    # The old task can no longer be approved, so nothing is published behind the reviewer's back.
    client.force_login(moderator)
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[enriched.id, "approve", first.current_task_state.id]), {"comment": ""})
    assert AttitudePage.objects.get(id=enriched.id).summary_ar != "نص مستورد لم يراجعه أحد"
    approve(client, moderator, enriched)
    live = AttitudePage.objects.get(id=enriched.id)
    assert (live.title_ar, live.summary_ar) == ("نص قُدِّم للمراجعة", "نص مستورد لم يراجعه أحد")


def test_an_editor_cannot_import_into_a_page_under_review(enriched, editor):
    """Under review, only reviewers may change a page (Wagtail's workflow lock): the import is
    refused for that page, by name, and nothing is written."""
    enriched.save_revision(user=editor)
    enriched.get_workflow().start(enriched, editor)
    before = revisions()
    with translation.override("en"), pytest.raises(TranslationFileError) as refused:
        import_po(arabic_file(enriched, title="عنوان آخر"), user=editor)
    assert any("Volgen" in message and "awaiting moderation" in message for message in refused.value.messages)
    assert revisions() == before


# --- Bug 2: a partial translation leaves the other parts empty; readers see them in Dutch ---

def test_partial_translation_falls_back_part_by_part(enriched, editor, moderator, client):
    import_po(arabic_file(enriched, examples__0__title="بناء برج"), user=editor)
    draft = latest(enriched)
    example_ar = draft.examples_ar[0].value
    assert example_ar["title"] == "بناء برج"
    assert example_ar["situation"].source == "" and example_ar["parent_action"].source == ""
    approve(client, moderator, enriched)
    client.logout()

    html = soup(client.get(url_in(enriched, "ar")))
    article = html.select_one("article.example")
    assert article.select_one("h3").get_text() == "بناء برج" and article.select_one("h3").get("lang") is None
    situation = article.select("dd")[0]
    assert "Je kind bouwt een toren." in situation.get_text()
    assert (situation["lang"], situation["dir"]) == ("nl", "ltr")
    assert html.select_one("p.notice").get_text().strip()
    page = AttitudePage.objects.get(id=enriched.id)
    assert "examples" in page.untranslated_fields("ar")


# --- Issue 15, 4: imported rich text keeps only what the editor allows; plain text stays text ---

HOSTILE = [
    '<script>alert(1)</script>Tekst',
    '<img src="x" onerror="alert(1)">Tekst',
    '<a href="javascript:alert(1)">klik</a>',
    '<meta http-equiv="refresh" content="5;url=https://evil.example/">Tekst',
    '<form action="https://evil.example/"><input name="p"></form>Tekst',
    '<iframe src="https://evil.example/"></iframe>Tekst',
    '<style>body{display:none}</style>Tekst',
    '<svg onload="alert(1)"><circle r="1"/></svg>Tekst',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<p onclick="alert(1)" style="color:red">Tekst</p>',
]
DANGER = ("<script", "onerror", "javascript:", "<meta", "<form", "<input", "<iframe", "<style", "<svg",
          "onload", "data:text", "onclick", "style=", "evil.example", "alert", "display:none")


@pytest.mark.parametrize("payload", HOSTILE)
def test_imported_rich_text_is_cleaned_like_the_editor_does(enriched, moderator, client, payload):
    import_po(arabic_file(enriched, explanation=payload, examples__0__situation=payload,
                          exercises__0__steps__0=payload), user=moderator)
    draft = latest(enriched)
    stored = [draft.explanation_ar, draft.examples_ar[0].value["situation"].source,
              list(draft.exercises_ar[0].value["steps"])[0].source]
    for text in stored:
        assert not any(danger in text.lower() for danger in DANGER), text
    approve(client, moderator, enriched)
    client.logout()
    # The attitude's own texts (the page around them has the site's own forms, e.g. feedback).
    html = soup(client.get(url_in(enriched, "ar")))
    texts = "".join(str(part) for part in html.select(".explanation, .examples, .exercises")).lower()
    assert "tekst" in texts or "klik" in texts
    assert not any(danger in texts for danger in DANGER)


def test_plain_fields_stay_plain_text(enriched, moderator, client):
    import_po(arabic_file(enriched, summary='<script>alert(1)</script><b>خلاصة</b>'), user=moderator)
    assert latest(enriched).summary_ar == '<script>alert(1)</script><b>خلاصة</b>'
    approve(client, moderator, enriched)
    client.logout()
    html = soup(client.get(url_in(enriched, "ar")))
    summary = html.select_one("p.summary")
    assert summary.get_text() == '<script>alert(1)</script><b>خلاصة</b>'  # shown as text
    assert summary.find("script") is None and summary.find("b") is None


# --- Refusals: nothing is written, every problem is named in the user's language ---

@pytest.mark.parametrize("mutate, message", [
    (lambda po: po.metadata.update({"Language": "fr"}), "must be one of"),
    (lambda po: po.metadata.update({"Language": "nl"}), "must be one of"),
    (lambda po: po.append(polib.POEntry(msgctxt="page/999999/title", msgid="x", msgstr="y")),
     "unknown key"),
    (lambda po: po.append(polib.POEntry(msgctxt="page/1/body/9", msgid="x", msgstr="y")),
     "unknown key"),
])
def test_bad_files_are_refused_with_nothing_written(enriched, mutate, message):
    po = export_po("en")
    entry(po, f"page/{enriched.id}/title").msgstr = "Changed"
    mutate(po)
    before = revisions()
    with translation.override("en"), pytest.raises(TranslationFileError, match=message):
        import_po(str(po))
    assert revisions() == before
    assert latest(enriched).title_en == "Following your child's lead"


def test_invalid_values_are_refused_entry_by_entry(enriched, seeded):
    """Issue 15, 9: a 300-character title and a slug a sibling has; all or nothing."""
    sibling = AttitudePage.objects.get(title_nl="Aandachtig en actief luisteren")
    po = export_po("ar")
    entry(po, f"page/{enriched.id}/title").msgstr = "ع" * 300
    entry(po, f"page/{enriched.id}/slug").msgstr = sibling.slug_ar
    entry(po, f"page/{sibling.id}/summary").msgstr = "خلاصة صحيحة"
    before = revisions()
    with pytest.raises(TranslationFileError) as refused:  # the admin's language: Dutch
        import_po(str(po))
    messages = refused.value.messages
    assert messages[0] == "Er is niets geïmporteerd."
    assert any(m.startswith(f"page/{enriched.id}/title:") and "255" in m for m in messages)
    assert any(m.startswith(f"page/{enriched.id}/slug:") for m in messages)
    assert revisions() == before
    assert latest(sibling).summary_ar != "خلاصة صحيحة"


def test_malformed_file_and_wrong_language_via_the_command(enriched, tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_bytes(b'msgid "a"\nmsgstr "b"\nrubbish here\n')
    with translation.override("en"), pytest.raises(CommandError, match="not a readable PO file: line 3"):
        call_command("import_translations", str(broken))
    latin1 = tmp_path / "latin1.po"
    latin1.write_bytes('msgid "café"\nmsgstr ""\n'.encode("latin-1"))
    with translation.override("en"), pytest.raises(CommandError, match="not saved as UTF-8"):
        call_command("import_translations", str(latin1))
    english = tmp_path / "en.po"
    export_po("en").save(str(english))
    with translation.override("en"), pytest.raises(CommandError, match=r"for English \(en\), not for"):
        call_command("import_translations", str(english), language="ar")
    with translation.override("en"), pytest.raises(CommandError, match="Unknown target language"):
        call_command("export_translations", "xx", output=str(tmp_path / "x.po"))


def test_a_path_is_not_read_from_disk(enriched, tmp_path):
    """polib reads a file when given a path; an upload holding a path must stay text."""
    on_disk = tmp_path / "server.po"
    export_po("en").save(str(on_disk))
    with pytest.raises(TranslationFileError):
        import_po(str(on_disk).encode())


# --- The admin: the upload names its language; messages in the admin's language ---

def upload(content, name="vertaling.po"):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())


def test_admin_export_and_import(client, admin_user, enriched):
    client.force_login(admin_user)
    response = client.get(reverse("kennisbank_export_translations", args=["en"]))
    assert response["Content-Disposition"].startswith('attachment; filename="vertalingen-en-20')
    po = polib.pofile(response.content.decode())
    entry(po, f"page/{enriched.id}/title").msgstr = "Following, step by step"
    response = client.post(reverse("kennisbank_import_translations"), {"language": "en", "file": upload(str(po))})
    assert response.status_code == 200
    page = soup(response)
    assert f"page/{enriched.id}/title" in page.get_text()
    assert "Eindredactie" in page.select_one(".messages").get_text()
    assert latest(enriched).title_en == "Following, step by step"


def test_admin_import_refuses_a_header_that_disagrees(client, admin_user, enriched):
    """Bug 3: an Arabic file whose header says English is not written into English drafts."""
    client.force_login(admin_user)
    po = polib.pofile(arabic_file(enriched, title="عنوان"))
    po.metadata["Language"] = "en"
    before = revisions()
    response = client.post(reverse("kennisbank_import_translations"), {"language": "ar", "file": upload(str(po))})
    assert response.status_code == 200
    assert "is voor English (en), niet voor العربية (ar)" in soup(response).select_one("form").get_text()
    assert revisions() == before
    response = client.post(reverse("kennisbank_import_translations"), {"file": upload(str(po))})
    assert response.context["form"].errors["language"]


def test_admin_import_errors_are_in_the_admins_language(client, admin_user, enriched):
    """Bug 10 and issue 15, 9: readable messages, per entry, never a 500."""
    client.force_login(admin_user)
    response = client.post(reverse("kennisbank_import_translations"),
                           {"language": "ar", "file": upload("é".encode("latin-1") + b"\xe3\x81")})
    assert response.status_code == 200
    text = soup(response).select_one("form").get_text()
    assert "niet als UTF-8 opgeslagen" in text and "codec" not in text

    po = polib.pofile(arabic_file(enriched, title="ع" * 300))
    response = client.post(reverse("kennisbank_import_translations"), {"language": "ar", "file": upload(str(po))})
    assert response.status_code == 200
    problems = [li.get_text() for li in soup(response).select("#import-problems li")]
    assert any(problem.startswith(f"page/{enriched.id}/title:") and "255" in problem for problem in problems)


# --- Issue 15, 3: a permission of its own; an export holds only pages the user may edit ---

def test_admin_access_alone_does_not_reach_the_translator_tools(client, django_user_model, enriched):
    user = django_user_model.objects.create_user("kijker", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (reverse("kennisbank_export_translations", args=["en"]), reverse("kennisbank_import_translations"),
                reverse("kennisbank_translations"), reverse("kennisbank_translations") + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Volgen" not in response.content
    assert reverse("kennisbank_translations").encode() not in client.get(reverse("wagtailadmin_home")).content


def test_both_editor_groups_may_use_them(client, editor, moderator, enriched):
    for user in (editor, moderator):
        client.force_login(user)
        response = client.get(reverse("kennisbank_export_translations", args=["ar"]))
        assert response.status_code == 200
        assert f"page/{enriched.id}/title".encode() in response.content


def test_an_export_holds_only_pages_the_user_may_edit(client, django_user_model, enriched):
    group = Group.objects.create(name="Vertalers blok 2")
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          Permission.objects.get(codename="use_translator_tools"))
    block = BlockPage.objects.get(number=2)
    GroupPagePermission.objects.create(group=group, page=block,
                                       permission=Permission.objects.get(codename="change_page"))
    user = django_user_model.objects.create_user("vertaler", password="x")
    user.groups.add(group)
    client.force_login(user)
    po = polib.pofile(client.get(reverse("kennisbank_export_translations", args=["ar"])).content.decode())
    page_ids = {int(e.msgctxt.split("/")[1]) for e in po}
    expected = {block.id, *AttitudePage.objects.child_of(block).values_list("id", flat=True)}
    assert page_ids == expected
    # An entry for a page outside the user's pages is refused.
    other = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    po.append(polib.POEntry(msgctxt=f"page/{other.id}/summary", msgid="x", msgstr="خلاصة"))
    response = client.post(reverse("kennisbank_import_translations"), {"language": "ar", "file": upload(str(po))})
    assert "Duidelijke grenzen stellen" in soup(response).select_one("form").get_text()
    assert latest(other).summary_ar != "خلاصة"
