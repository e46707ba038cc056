"""The editors' translation report: states per page and language, filters, CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from kennisbank.content.models import AttitudePage, BlockPage


@pytest.fixture
def editor_client(client, admin_user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"  # the admin speaks the editor's language
    profile.save()
    client.force_login(admin_user)
    return client


def report(editor_client, **params):
    response = editor_client.get(reverse("kennisbank_translations"), {**params, "export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    # Columns by position: the headings follow the admin's language.
    keys = ["Page", "Type", "Language", "State", "Missing fields"]
    return [dict(zip(keys, row, strict=True)) for row in list(csv.reader(io.StringIO(body)))[1:]]


def test_every_page_and_language_has_a_row(editor_client, seeded):
    rows = report(editor_client)
    assert len(rows) == (5 + 33) * 2
    assert {row["Language"] for row in rows} == {"en", "ar"}
    assert all(row["State"] == "complete" for row in rows)


def test_missing_fields_are_named_and_filters_work(editor_client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.title_ar = page.summary_ar = page.summary_en = ""
    page.save_revision().publish()
    rows = report(editor_client, language="ar", block=BlockPage.objects.get(number=2).id)
    assert {row["Language"] for row in rows} == {"ar"}
    assert len(rows) == 1 + 9
    volgen = next(row for row in rows if row["Page"] == "Volgen")
    assert volgen["State"] == "missing"
    assert volgen["Missing fields"] == "title, summary"
    english = report(editor_client, language="en", block=BlockPage.objects.get(number=2).id)
    assert next(row for row in english if row["Page"] == "Volgen")["Missing fields"] == "summary"


def test_report_page_and_dashboard_link(editor_client, seeded):
    response = editor_client.get(reverse("kennisbank_translations"))
    assert response.status_code == 200
    assert b"Volgen" in response.content
    dashboard = editor_client.get(reverse("wagtailadmin_home"))
    assert reverse("kennisbank_translations").encode() in dashboard.content
