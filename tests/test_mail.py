"""Review mail reaches people: a submit reaches the reviewers, an approval the author.

The mail goes through Django's SMTP back end to a real SMTP server (aiosmtpd) that the test
starts on a free loopback port, so what is checked is what a mail server would receive.
"""

import email
import socket
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.urls import reverse

from kennisbank.content.models import AttitudePage

from .conftest import edit_data


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    from kennisbank.translators.po_files import export_po, import_po

    page = AttitudePage.objects.get(title_nl="Volgen")
    po = export_po("ar")
    next(e for e in po if e.msgctxt == f"page/{page.id}/summary").msgstr = "خلاصة جديدة"
    import_po(str(po), user=people["author"])
    for reviewer in people["reviewers"]:
        assert len(mailbox.to(reviewer.email)) == 1
