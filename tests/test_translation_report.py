"""The editors' translation report: states per page and language, filters, CSV export, links."""

import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, SituationFinderPage

from .conftest import soup
from .factories import example


def admin_in(client, user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language  # the admin speaks the editor's language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, admin_user):
    return admin_in(client, admin_user, "en")


def export(client, **params):
    response = client.get(reverse("kennisbank_translations"), {**params, "export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(body)))


def report(client, **params):
    _response, rows = export(client, **params)
    # By position: headings are translated.
    keys = ["Page", "Type", "Language", "State", "Missing fields", "Terminology"]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def test_every_page_and_language_has_a_row(editor_client, seeded):
    rows = report(editor_client)
    pages = HomePage.objects.count() + BlockPage.objects.count() + AttitudePage.objects.count() \
        + ContentPage.objects.count() + SituationFinderPage.objects.count()
    assert len(rows) == pages * 2
    assert {row["Language"] for row in rows} == {"English", "العربية"}
    assert all(row["State"] == "Complete" for row in rows)


def test_missing_fields_are_named_by_their_label_and_filters_work(editor_client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.title_ar = page.summary_ar = page.summary_en = ""
    page.save_revision().publish()
    rows = report(editor_client, language="ar", block=BlockPage.objects.get(number=2).id)
    assert {row["Language"] for row in rows} == {"العربية"}
    assert len(rows) == 1 + 9
    volgen = next(row for row in rows if row["Page"] == "Volgen")
    assert volgen["State"] == "Missing"
    assert volgen["Missing fields"] == "Title, Summary"
    english = report(editor_client, language="en", block=BlockPage.objects.get(number=2).id)
    assert next(row for row in english if row["Page"] == "Volgen")["Missing fields"] == "Summary"


def test_a_partly_translated_example_counts_as_missing(editor_client, seeded):
    """Issue 16, bug 2: an Arabic example with only its title translated is not "complete"."""
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.examples_nl = [("example", example(title="Blokken stapelen"))]
    page.examples_ar = [("example", {**example(title="بناء برج"), "situation": "", "parent_action": "",
                                     "why_it_helps": ""})]
    page.save_revision().publish()
    volgen = next(row for row in report(editor_client, language="ar") if row["Page"] == "Volgen")
    assert volgen["State"] == "Missing"
    assert "Examples" in volgen["Missing fields"]


def test_csv_is_in_the_admins_language_with_a_name_that_says_what_it_is(client, admin_user, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    page.examples_ar = []
    page.examples_nl = [("example", example())]
    page.save_revision().publish()
    # A fixed moment: a "today" read after the export could be the next day.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 23, 59, 59, tzinfo=datetime.UTC), tick=False):
        response, rows = export(admin_in(client, admin_user, "nl"), language="ar")
    # 23:59:59 UTC is already 30 November in Amsterdam (TIME_ZONE): the name has the site's date.
    assert response["Content-Disposition"] == 'attachment; filename="vertalingen-ar-2026-11-30.csv"'
    assert rows[0] == ["Pagina", "Type", "Taal", "Status", "Ontbrekende velden", "Terminologie"]
    volgen = next(row for row in rows if row[0] == "Volgen")
    assert volgen[1:] == ["Houding", "العربية", "Ontbreekt", "Voorbeelden", ""]


def test_report_rows_link_to_the_edit_form_in_their_language(editor_client, seeded):
    response = editor_client.get(reverse("kennisbank_translations"), {"language": "ar"})
    assert response.status_code == 200
    page = AttitudePage.objects.get(title_nl="Volgen")
    links = [a["href"] for a in soup(response).select("table a")]
    assert f"{reverse('wagtailadmin_pages:edit', args=[page.id])}#language-ar" in links
    dashboard = editor_client.get(reverse("wagtailadmin_home"))
    assert reverse("kennisbank_translations").encode() in dashboard.content


def test_both_editor_groups_read_the_report(client, django_user_model, seeded):
    for group in ("Redacteuren", "Eindredactie"):
        user = django_user_model.objects.create_user(f"lid-{group}", password="x")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.get(reverse("kennisbank_translations"))
        assert response.status_code == 200
        assert b"Volgen" in response.content
