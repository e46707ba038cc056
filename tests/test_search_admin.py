"""Editors' side of search: both editor groups see the search reports, Eindredactie manages the
promoted results per language."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from kennisbank.content.models import BlockPage
from search.models import Promotion

from .conftest import soup
from .test_reviews import reports_menu_for
from .test_search import search_url

SEARCH_REPORTS = ["kennisbank_search_terms", "kennisbank_unanswered_searches", "kennisbank_unhelpful_searches"]


def member(group_name):
    user = User.objects.create_user(f"lid-{group_name.lower()}", password="x" * 16)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("group", ["Redacteuren", "Eindredactie"])
def test_both_editor_groups_see_the_search_reports(client, seeded, group):
    client.get("/nl/zoeken/", {"q": "bedplassenxyz"})
    editor = member(group)
    client.force_login(editor)
    for name in ("kennisbank_unanswered_searches", "kennisbank_search_terms"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b"bedplassenxyz" in response.content
    reports = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Zoektermen" in reports or "Search terms" in reports
    # In the Reports menu in the order search/wagtail_hooks.py lists them, Wagtail's own replaced.
    menu = reports_menu_for(editor)
    assert [name for name in menu if name in SEARCH_REPORTS] == SEARCH_REPORTS and "search-terms" not in menu


def test_others_do_not_see_the_search_reports(client, seeded):
    user = User.objects.create_user("buitenstaander", password="x" * 16)
    user.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(user)
    client.get("/nl/zoeken/", {"q": "bedplassenxyz"})
    for name in ("kennisbank_unanswered_searches", "kennisbank_search_terms"):
        response = client.get(reverse(name))
        # Wagtail sends a user without the permission to the dashboard, saying so.
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home")), name
    dashboard = client.get(reverse("wagtailadmin_home"), follow=True).content.decode()
    assert "bedplassenxyz" not in dashboard and "Zoektermen" not in dashboard
    assert not set(reports_menu_for(user)) & set(SEARCH_REPORTS)


def test_eindredactie_manages_promotions_per_language(client, seeded):
    client.force_login(member("Eindredactie"))
    page = BlockPage.objects.get(number=1)
    response = client.post(reverse("kennisbank_promotions:add"), {
        "query_string": "Huilen", "language": "en", "page": page.id,
        "description_nl": "", "description_en": "Start with safety", "description_ar": "",
        "sort_order": 0,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    promotion = Promotion.objects.get()
    assert (promotion.query_string, promotion.language) == ("huilen", "en")
    english = client.get("/en/search/", {"q": "huilen"}).content.decode()
    assert "Start with safety" in english
    assert "promotions" not in client.get("/nl/zoeken/", {"q": "huilen"}).content.decode()


def test_the_promotion_language_is_a_choice_of_the_sites_languages(client, seeded):
    """Issue 27, item 5: "Arabisch" typed as the language saved, and the promotion never showed."""
    client.force_login(member("Eindredactie"))
    form = soup(client.get(reverse("kennisbank_promotions:add")))
    options = [(o["value"], o.get_text()) for o in form.select("select[name=language] option")]
    assert options == [("", "Elke taal"), ("nl", "Nederlands"), ("en", "English"), ("ar", "العربية")]
    assert form.select_one("input[name=query_string]")["dir"] == "auto"  # an Arabic term reads right to left
    page = BlockPage.objects.get(number=1)
    data = {"query_string": "huilen", "language": "Arabisch", "page": page.id, "description_nl": "",
            "description_en": "", "description_ar": "", "sort_order": 0}
    assert client.post(reverse("kennisbank_promotions:add"), data).status_code == 200  # the form again
    assert not Promotion.objects.exists()
    assert client.post(reverse("kennisbank_promotions:add"), {**data, "language": "ar"}).status_code == 302
    listing = soup(client.get(reverse("kennisbank_promotions:index")))
    assert [cell.get_text(strip=True) for cell in listing.select("tbody td")][1] == "العربية"


def test_redacteuren_may_not_manage_promotions(client, seeded):
    client.force_login(member("Redacteuren"))
    assert client.get(reverse("kennisbank_promotions:add")).status_code in (302, 403)


def test_searches_without_results_name_their_language_and_filter_by_it(client, seeded):
    client.get("/ar/search/", {"q": "كلمةغيرموجودة"})
    client.get("/nl/zoeken/", {"q": "bedplassenxyz"})
    client.force_login(member("Redacteuren"))
    rows = soup(client.get(reverse("kennisbank_unanswered_searches"))).select("tbody tr")
    languages = {row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True) for row in rows}
    # Logged as the reader typed it (ة, not the index's ه): an editor may make it a situation as it is.
    assert languages == {"كلمةغيرموجودة": "العربية", "bedplassenxyz": "Nederlands"}
    arabic = soup(client.get(reverse("kennisbank_unanswered_searches"), {"language": "ar"})).select("tbody tr")
    assert [row.select("td")[0].get_text(strip=True) for row in arabic] == ["كلمةغيرموجودة"]
    # The report's search box finds a term by some of its letters.
    assert [row[0] for row in report_rows(client, "kennisbank_unanswered_searches", q="bedplas")] == ["bedplassenxyz"]


def report_rows(client, name, **params):
    rows = soup(client.get(reverse(name), params)).select("tbody tr")
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in rows]


def test_search_terms_are_counted_per_language_and_filtered_by_language_and_date(client, seeded):
    """Issue 27, item 10: the report counted a term over every language at once, with no filter."""
    for language, query in [("nl", "driftbui"), ("nl", "driftbui"), ("en", "driftbui"), ("ar", "نوبة غضب")]:
        client.get(search_url(language), {"q": query})
    client.force_login(member("Redacteuren"))
    rows = report_rows(client, "kennisbank_search_terms")
    assert [row[:3] for row in rows] == [
        ["driftbui", "Nederlands", "2"], ["driftbui", "English", "1"], ["نوبة غضب", "العربية", "1"]]
    assert {row[3] for row in rows} == {"Zojuist"}  # Wagtail's DateColumn: how long ago
    assert [row[:3] for row in report_rows(client, "kennisbank_search_terms", language="ar")] == [
        ["نوبة غضب", "العربية", "1"]]
    assert [row[:3] for row in report_rows(client, "kennisbank_search_terms", q="drift")] == [
        ["driftbui", "Nederlands", "2"], ["driftbui", "English", "1"]]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert report_rows(client, "kennisbank_search_terms", date_to=yesterday) == []
    assert len(report_rows(client, "kennisbank_search_terms", date_from=yesterday)) == 3
    export = client.get(reverse("kennisbank_search_terms"), {"language": "nl", "export": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [line[:3] for line in lines] == [["Zoekterm(en)", "Taal", "Zoekopdrachten"], ["driftbui", "nl", "2"]]
