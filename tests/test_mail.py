"""Review mail reaches people: a submit reaches the reviewers, an approval the author.

The mail goes through Django's SMTP back end to a real SMTP server (aiosmtpd) that the test
starts on a free loopback port, so what is checked is what a mail server would receive.
"""

import email
import io
from email.policy import default as email_policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from kennisbank.content.models import AttitudePage

from .conftest import edit_data
from .varnish import free_port


class Mailbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email_policy)
        self.messages.append((set(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture
def mailbox(settings):
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()


@pytest.fixture
def people(django_user_model):
    def person(name, group):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="x")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "author": person("auteur", "Redacteuren"),
        "reviewers": [person("eindredacteur1", "Eindredactie"), person("eindredacteur2", "Eindredactie")],
    }


def test_submit_reaches_the_reviewers_and_approval_the_author(client, seeded, mailbox, people):
    page = AttitudePage.objects.get(title_nl="Volgen")
    client.force_login(people["author"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.id]),
                           {**edit_data(page, "Volgen, ter beoordeling"), "action-submit": "1"})
    assert response.status_code == 302

    for reviewer in people["reviewers"]:
        received = mailbox.to(reviewer.email)
        assert len(received) == 1, reviewer.email
        assert "Volgen, ter beoordeling" in received[0]["Subject"]
    assert mailbox.to(people["author"].email) == []

    reviewer = people["reviewers"][0]
    client.force_login(reviewer)
    task_state = AttitudePage.objects.get(id=page.id).current_workflow_state.current_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]),
                {"comment": "Goed zo"})
    assert AttitudePage.objects.get(id=page.id).title_nl == "Volgen, ter beoordeling"
    approved = mailbox.to(people["author"].email)
    assert len(approved) == 1
    assert "Volgen, ter beoordeling" in approved[0]["Subject"]
    assert "approved" in approved[0]["Subject"].lower() or "goedgekeurd" in approved[0]["Subject"].lower()


def test_an_import_reaches_the_reviewers(seeded, mailbox, people):
    """Translator files go through review like any edit (issue 16, bug 1), and say so by mail."""
    from kennisbank.translators.po_files import export_po
    from kennisbank.translators.po_import import import_po

    page = AttitudePage.objects.get(title_nl="Volgen")
    po = export_po("ar")
    next(e for e in po if e.msgctxt == f"page/{page.id}/summary").msgstr = "خلاصة جديدة"
    import_po(str(po), user=people["author"])
    for reviewer in people["reviewers"]:
        assert len(mailbox.to(reviewer.email)) == 1


# --- Each recipient reads the mail in their own admin language (issue 27, item 2) ---

def speaks(user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def html_of(message):
    return BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")


def test_an_arabic_writers_english_edit_reaches_each_reviewer_in_their_language(client, seeded, mailbox, people):
    page = AttitudePage.objects.get(title_nl="Volgen")
    dutch_reviewer, english_reviewer = people["reviewers"]
    speaks(people["author"], "ar")
    speaks(english_reviewer, "en")
    # The writer, whose admin is Arabic, changes only the English title and submits it.
    draft = page.get_latest_revision_as_object()
    draft.title_en = "Following your child, revised"
    with translation.override("ar"):
        draft.save_revision(user=people["author"])
        draft.get_workflow().start(draft, people["author"])

    (dutch,) = mailbox.to(dutch_reviewer.email)  # no preference: the site's source language
    assert dutch["Subject"].startswith("De pagina 'Volgen' is ter goedkeuring ingediend")
    assert (html_of(dutch).html["lang"], html_of(dutch).html["dir"]) == ("nl", "ltr")
    (english,) = mailbox.to(english_reviewer.email)
    assert english["Subject"].startswith('The page "Following your child, revised" has been submitted')
    assert html_of(english).html["lang"] == "en"
    assert "here (English):" in english.get_body(("plain",)).get_content()

    # The preview link shows the language that was edited, English, to the reviewer.
    (link,) = [a["href"] for a in html_of(dutch).find_all("a") if "mode=" in a["href"]]
    assert link.endswith("?mode=en")
    client.force_login(dutch_reviewer)
    address = urlsplit(link)
    preview = BeautifulSoup(client.get(f"{address.path}?{address.query}").content, "html.parser")
    assert preview.html["lang"] == "en" and preview.h1.get_text() == "Following your child, revised"


def test_changes_requested_reach_an_arabic_writer_in_arabic(client, seeded, mailbox, people):
    page = AttitudePage.objects.get(title_nl="Volgen")
    speaks(people["author"], "ar")
    client.force_login(people["author"])
    client.post(reverse("wagtailadmin_pages:edit", args=[page.id]),
                {**edit_data(page, "Volgen, ter beoordeling"), "action-submit": "1"})
    reviewer = people["reviewers"][0]  # a Dutch-speaking reviewer sends it back
    client.force_login(reviewer)
    task_state = AttitudePage.objects.get(id=page.id).current_workflow_state.current_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.id, "reject", task_state.id]),
                {"comment": "Graag korter"})
    (returned,) = mailbox.to(people["author"].email)
    html = html_of(returned)
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert page.title_ar in returned["Subject"]
    assert "Volgen" not in returned["Subject"]


def test_create_editor_sets_language_and_names(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.users.models import UserProfile

    call_command("create_editor", "salma", "--language", "ar", "--first-name", "Salma",
                 "--last-name", "Haddad", stdout=io.StringIO())
    user = get_user_model().objects.get(username="salma")
    assert (user.get_full_name(), UserProfile.get_for_user(user).preferred_language) == ("Salma Haddad", "ar")


def form_values(form):
    """What a browser sends for this form as it stands: inputs, checked boxes, chosen options."""
    values = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                values[field["name"]] = field.get("value", "on")
        elif field.get("type") not in ("submit", "file"):
            values[field["name"]] = field.get("value", field.get_text())
    return values


def test_an_editor_made_with_names_changes_the_admin_language_first_time(client, db):
    """Issue 27, item 7: without names, Wagtail's account form refused the first change."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.users.models import UserProfile

    from .conftest import soup

    call_command("create_editor", "salma", "--email", "salma@example.org", "--first-name", "Salma",
                 "--last-name", "Haddad", stdout=io.StringIO())
    user = get_user_model().objects.get(username="salma")
    client.force_login(user)
    account = reverse("wagtailadmin_account")
    form = soup(client.get(account)).find("select", {"name": "locale-preferred_language"}).find_parent("form")
    response = client.post(account, {**form_values(form), "locale-preferred_language": "ar"})
    assert response.status_code == 302, [e.get_text(" ", strip=True) for e in soup(response).select(".error-message")]
    assert UserProfile.get_for_user(user).preferred_language == "ar"
