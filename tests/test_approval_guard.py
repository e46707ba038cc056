"""Publishing from the edit form (issue 27, item 1): the editor's own autosaves never block it;
a newer revision by someone else, or by an import, does, and the message says who changed what."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from kennisbank.content.models import AttitudePage

from .conftest import edit_data, soup


@pytest.fixture
def person(django_user_model):
    def make(name, group, **names):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="x", **names)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def page(seeded):
    return AttitudePage.objects.get(title_nl="Volgen")


def loaded(page):
    """What the edit form carries about the revision it was opened on."""
    revision = page.get_latest_revision() or page.save_revision()
    return {"loaded_revision_id": revision.pk, "loaded_revision_created_at": revision.created_at.isoformat()}


def publish(client, page, title, form_state, **extra):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.id]),
                       {**edit_data(page, title), **form_state, **extra, "action-publish": "1"}, follow=True)


def message(response):
    return " ".join(soup(response).select_one(".messages").get_text().split())


def test_own_autosave_does_not_block_publishing(client, page, person):
    reviewer = person("eindredacteur", "Eindredactie")
    opened = loaded(page)
    client.force_login(reviewer)
    # Wagtail 8's autosave: the reviewer's typing saved as a revision of their own.
    autosave = page.get_latest_revision_as_object()
    autosave.title_nl = "Volgen, bijna klaar"
    autosave = autosave.save_revision(user=reviewer)
    response = publish(client, page, "Volgen, klaar", opened, overwrite_revision_id=autosave.pk)
    assert "terwijl je de pagina open had" not in message(response)
    assert AttitudePage.objects.get(id=page.id).title_nl == "Volgen, klaar"


def test_a_colleagues_newer_revision_blocks_and_is_named(client, page, person):
    reviewer = person("eindredacteur", "Eindredactie")
    writer = person("redacteur", "Redacteuren", first_name="Sara", last_name="Haddad")
    opened = loaded(page)
    newer = page.get_latest_revision_as_object()
    newer.summary_ar = "خلاصة أحدث"
    newer.save_revision(user=writer)
    client.force_login(reviewer)
    response = publish(client, page, "Volgen, oud scherm", opened)
    text = message(response)
    assert "terwijl je de pagina open had" in text
    assert "Sara Haddad heeft de pagina bewerkt" in text and "Samenvatting (العربية)" in text
    assert AttitudePage.objects.get(id=page.id).title_nl == "Volgen"


def test_an_import_by_the_reviewer_themselves_still_blocks(client, page, person):
    """A translator file is not the reviewer's typing, even when they imported it themselves."""
    from kennisbank.translators.po_files import export_po
    from kennisbank.translators.po_import import import_po

    reviewer = person("eindredacteur", "Eindredactie")
    opened = loaded(page)
    po = export_po("en")
    next(e for e in po if e.msgctxt == f"page/{page.id}/summary").msgstr = "A newer summary."
    import_po(str(po), user=reviewer)
    client.force_login(reviewer)
    text = message(publish(client, page, "Volgen, oud scherm", opened))
    assert "eindredacteur heeft een vertaalbestand geïmporteerd" in text
    assert "Samenvatting (English)" in text
    assert AttitudePage.objects.get(id=page.id).title_nl == "Volgen"
