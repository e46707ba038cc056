"""Every block, attitude and standing page says when it was last reviewed, by whom, on what
sources and when it is next due, in the reader's language; editors get a report of what is due."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.content.reviews import DUE_SOON, NOT_REVIEWED, OVERDUE, review_rows
from kennisbank.templating import DUTCH_NAMES

from .conftest import soup, url_in

SEEDED_ON = datetime.date(2026, 11, 29)
SENTENCES = {
    "nl": "Laatst beoordeeld op 29 november 2026 door de redactie van de Bouwstenenkennisbank"
          " · volgende beoordeling 29 november 2027",
    "en": "Last reviewed on 29 November 2026 by this site's editorial team"
          " · next review 29 November 2027",
    "ar": "آخر مراجعة في 29 نوفمبر 2026 من قِبل فريق تحرير هذا الموقع"
          " · المراجعة القادمة في 29 نوفمبر 2027",
}


def review_of(client, page, language):
    response = client.get(url_in(page, language))
    assert response.status_code == 200
    return soup(response).select_one("aside.review")


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize("kind", ["attitude", "block", "standing"])
def test_every_page_shows_its_review_in_the_readers_language(client, seeded, kind, language):
    page = {
        "attitude": lambda: AttitudePage.objects.get(seed_key="4.8"),
        "block": lambda: BlockPage.objects.get(number=2),
        "standing": lambda: ContentPage.objects.get(seed_key="when-to-seek-help"),
    }[kind]()
    review = review_of(client, page, language)
    assert " ".join(review.select_one(".review__dates").get_text().split()) == SENTENCES[language]
    assert review.select_one("time")["datetime"] == "2026-11-29"
    assert "Truus Bakker-van Zeil" in review.select_one(".review__sources").get_text()
    # Nothing fell back to Dutch: the only Dutch in the line is the model's own names.
    assert {element.get_text() for element in review.select("[lang]")} <= set(DUTCH_NAMES)


def test_a_language_without_its_own_review_shows_the_dutch_one_as_such(client, seeded):
    page = AttitudePage.objects.get(seed_key="4.8")
    page.last_reviewed_on_ar = page.next_review_on_ar = None
    page.reviewed_by_ar = page.review_sources_ar = ""
    page.save_revision().publish()
    review = review_of(client, page, "ar")
    text = " ".join(review.select_one(".review__dates").get_text().split())
    assert text.startswith("آخر مراجعة للنص الهولندي في 29 نوفمبر 2026")
    assert review.select_one(".review__dates span[lang=nl]").get_text() == "de redactie van de Bouwstenenkennisbank"
    assert review.select_one(".review__sources [lang=nl]") is not None


def test_a_page_never_reviewed_shows_no_review_line(client, seeded):
    page = ContentPage.objects.get(seed_key="about-the-model")
    for language in ("nl", "en", "ar"):
        setattr(page, f"last_reviewed_on_{language}", None)
    page.save_revision().publish()
    assert review_of(client, page, "en") is None


def edit_form(client, page):
    """The admin's edit form as a browser submits it: every field with its current value (a
    standing page: its fields are all plain inputs, no StreamField built by JavaScript)."""
    form = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.id]))).select_one("form#page-edit-form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_publishing_without_changing_the_review_date_keeps_it(client, seeded, django_user_model):
    moderator = django_user_model.objects.create_user("eindredacteur", password="x")
    moderator.groups.add(Group.objects.get(name="Eindredactie"))
    client.force_login(moderator)
    page = ContentPage.objects.get(seed_key="when-to-seek-help")
    data = edit_form(client, page)
    assert data["last_reviewed_on_en"] == "2026-11-29"  # the review is part of the form
    data["summary_nl"] = "Een nieuwe samenvatting."
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), {**data, "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.summary_nl == "Een nieuwe samenvatting."
    assert page.live and not page.has_unpublished_changes
    assert (page.last_reviewed_on_nl, page.next_review_on_ar) == (SEEDED_ON, datetime.date(2027, 11, 29))


def test_publishing_an_attitude_keeps_its_review(seeded):
    page = AttitudePage.objects.get(seed_key="4.8")
    draft = page.get_latest_revision_as_object()
    draft.summary_en = "A new summary."
    draft.save_revision().publish()
    page.refresh_from_db()
    assert page.summary_en == "A new summary." and page.last_reviewed_on_en == SEEDED_ON


def test_a_review_without_a_next_date_is_refused(seeded):
    page = BlockPage.objects.get(number=1)
    page.next_review_on_en = None
    with pytest.raises(Exception) as error:
        page.full_clean()
    assert "next_review_on_en" in error.value.message_dict


def test_report_lists_overdue_due_and_unreviewed_pages_per_language(seeded):
    # The seed's reviews fall due together, a year after launch.
    assert review_rows(AttitudePage.objects.all(), today=datetime.date(2027, 10, 1)) == []
    everything = review_rows(AttitudePage.objects.all(), today=datetime.date(2027, 11, 1))
    assert len(everything) == 33 * 3 and {row.status for row in everything} == {DUE_SOON}

    page = AttitudePage.objects.get(seed_key="2.3")
    page.next_review_on_nl = datetime.date(2027, 1, 10)  # overdue on 2027-02-01
    page.next_review_on_en = datetime.date(2027, 2, 20)  # due within a month
    page.last_reviewed_on_ar = None  # never reviewed in Arabic
    rows = review_rows([page], today=datetime.date(2027, 2, 1))
    assert [(row.language, row.status) for row in rows] == [("ar", NOT_REVIEWED), ("nl", OVERDUE), ("en", DUE_SOON)]


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_report_in_the_admin_links_to_edit_and_exports(client, seeded, django_user_model):
    """On a fixed day a month after the seed's reviews, when none is due yet: read on the real
    clock, every page was due soon from 2027-10-29 and the report had 34 rows, not 1."""
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(editor)
    page = AttitudePage.objects.get(seed_key="2.3")
    page.last_reviewed_on_ar = None
    page.save()
    response = client.get(reverse("kennisbank_reviews"), {"language": "ar"})
    assert response.status_code == 200
    html = soup(response)
    rows = html.select("tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one("a")["href"] == reverse("wagtailadmin_pages:edit", args=[page.id])
    assert "Nog niet beoordeeld" in rows[0].get_text()  # the admin's language (Dutch for this editor)
    cells = [cell.get_text(" ", strip=True) for cell in rows[0].select("td")]
    assert cells[2] == "العربية" and cells[4] == "29 november 2027"  # a name and a date, not "ar", "over 1 jaar"
    assert "reviews" in reports_menu_for(editor)
    export = client.get(reverse("kennisbank_reviews"), {"language": "ar", "export": "csv"})
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Volgen,")
    assert lines[0].startswith("\ufeff")  # Excel then reads it as UTF-8


def test_report_is_refused_to_users_who_edit_no_pages(client, seeded, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("lezer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("kennisbank_reviews"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert "reviews" not in reports_menu_for(user)


def reports_menu_for(user):
    """The names of the items in the admin's Reports menu for this user."""
    from django.test import RequestFactory
    from wagtail.admin.wagtail_hooks import reports_menu

    request = RequestFactory().get("/")
    request.user = user
    return [item.name for item in reports_menu.menu_items_for_request(request)]
