"""Learning from readers' searches: clicks and searches again at once counted without personal
data, the editors' report of searches that did not help per language, and the two clicks that
turn such a search into a situation of an attitude, reviewed like any editor's change."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kennisbank.content.models import AttitudePage
from search.models import SearchEvent

from .conftest import soup, url_in

SEARCH = {"nl": "/nl/zoeken/", "en": "/en/search/", "ar": "/ar/search/"}


def search(client, query, language="nl", **params):
    response = client.get(SEARCH[language], {"q": query, **params})
    assert response.status_code == 200
    return soup(response), response


def event_of(html):
    """The search event the results page carries in its search form."""
    return html.select_one("form.search-form input[name=event]")["value"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x" * 16)
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


def test_a_click_on_a_result_is_counted_without_a_cookie(client, seeded):
    html, response = search(client, "grenzen")
    assert not response.cookies and "Set-Cookie" not in response
    link = html.select_one(".search-result a")
    assert link["href"] == AttitudePage.objects.get(seed_key="4.8").url  # the page itself, as before
    event = SearchEvent.objects.get(query_string="grenzen", language="nl")
    assert link["ping"] == f"/search-click/{event.id}/" and str(event.id) == event_of(html)
    assert not event.clicked

    assert client.post(link["ping"], "PING", content_type="text/ping").status_code == 204
    assert client.post(link["ping"]).status_code == 204  # the script's beacon too: still one click
    event.refresh_from_db()
    assert event.clicked
    assert SearchEvent.objects.filter(clicked=True).count() == 1


def test_the_click_address_takes_only_a_post_and_ignores_unknown_events(client, seeded):
    search(client, "grenzen")
    assert client.get("/search-click/6f1c1a0e-3b1e-4c55-9a38-1f0d2b1e8a11/").status_code == 405
    assert client.post("/search-click/6f1c1a0e-3b1e-4c55-9a38-1f0d2b1e8a11/").status_code == 204
    assert client.post("/search-click/niet-een-id/").status_code in (404, 302)
    assert not SearchEvent.objects.filter(clicked=True).exists()


def test_more_of_the_same_results_is_the_same_reader(client, seeded):
    html, _response = search(client, "kind")
    event = event_of(html)
    next_page = html.select_one(".pagination a[rel=next]")["href"]
    assert f"event={event}" in next_page
    client.get(SEARCH["nl"] + next_page)
    search(client, "kind", block="2", event=event)
    assert SearchEvent.objects.filter(query_string="kind").count() == 1


def test_a_new_search_at_once_counts_as_searched_again(client, seeded):
    first, _response = search(client, "mijn kind liegt", "en")
    second, _response = search(client, "my child lies", "en", event=event_of(first))
    assert SearchEvent.objects.get(query_string="mijn kind liegt").searched_again
    assert not SearchEvent.objects.get(query_string="my child lies").searched_again

    # A search long after the first is a new question, not a second try.
    SearchEvent.objects.filter(query_string="my child lies").update(created_at=timezone.now() - timedelta(hours=1))
    search(client, "child lying", "en", event=event_of(second))
    assert not SearchEvent.objects.get(query_string="my child lies").searched_again


@pytest.mark.parametrize("bad", ["", "x" * 5000, "'; drop table", "\x00", "6f1c1a0e"])
def test_bad_event_ids_are_a_new_search(client, seeded, bad):
    search(client, "grenzen", event=bad)
    assert SearchEvent.objects.filter(query_string="grenzen").count() == 1


def readers(query_string, language, clicked=0, unclicked=0, again=0):
    for flags in [(True, False)] * clicked + [(False, False)] * unclicked + [(True, True)] * again:
        SearchEvent.objects.create(query_string=query_string, language=language,
                                   clicked=flags[0], searched_again=flags[1])


def report_rows(client, **params):
    html = soup(client.get(reverse("kennisbank_unhelpful_searches"), params))
    return {
        tuple(cell.get_text(" ", strip=True) for cell in row.select("td")[:5]): row
        for row in html.select("table.listing tbody tr")
    }


def test_the_report_shows_per_language_the_searches_that_did_not_help(client, seeded, editor):
    readers("mijn kind liegt", "nl", clicked=1, unclicked=2, again=1)
    readers("my child lies", "en", unclicked=1)
    readers("grenzen", "nl", clicked=5)  # every reader found something: not listed
    client.force_login(editor)
    rows = report_rows(client)
    assert set(rows) == {("mijn kind liegt", "Nederlands", "4", "2", "1"), ("my child lies", "English", "1", "1", "0")}
    assert set(report_rows(client, language="en")) == {("my child lies", "English", "1", "1", "0")}
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("kennisbank_unhelpful_searches") in menu


def test_two_clicks_make_a_search_a_situation_in_its_language_for_review(client, seeded, editor):
    readers("my child tells lies", "en", unclicked=3, again=1)
    attitude = AttitudePage.objects.get(seed_key="2.2")
    dutch, english = attitude.situations_nl, attitude.situations_en
    assert english  # the loader's: they stay
    client.force_login(editor)

    # Click one: "Make it a situation" in the report.
    row = report_rows(client)[("my child tells lies", "English", "4", "3", "1")]
    choose = client.get(row.select_one("a.button")["href"])
    assert choose.status_code == 200
    page = soup(choose)
    assert re.search(r"\b4 (readers|lezers)\b", page.select_one("main").get_text(" "))
    button = page.select_one(f"button[name=attitude][value='{attitude.id}']")
    form = button.find_parent("form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    # Click two: the attitude.
    done = client.post(form["action"], {**fields, "attitude": attitude.id}, follow=True)
    assert done.status_code == 200
    message = soup(done).select_one(".messages").get_text(" ")
    assert re.search(r"\b4 (readers searched for it|lezers zochten ernaar)", message)

    draft = AttitudePage.objects.get(id=attitude.id).get_latest_revision_as_object()
    assert draft.situations_en.splitlines()[-1] == "my child tells lies"
    assert draft.situations_en.splitlines()[:-1] == english.splitlines()
    assert draft.situations_nl == dutch
    live = AttitudePage.objects.get(id=attitude.id)
    assert live.situations_en == english  # not on the site before the reviewers approve it
    assert live.workflow_in_progress
    assert live.get_latest_revision().user == editor
    with translation.override("en"):
        assert "my child tells lies" not in client.get(url_in(live, "en")).content.decode()

    # Once approved and published, the search is no longer on the list.
    draft.save_revision().publish()
    assert ("my child tells lies", "English", "4", "3", "1") not in report_rows(client)


def test_others_cannot_make_situations(client, seeded, django_user_model):
    readers("my child tells lies", "en", unclicked=1)
    reader = django_user_model.objects.create_user("lezer", password="x" * 16)
    client.force_login(reader)
    url = reverse("kennisbank_make_situation")
    attitude = AttitudePage.objects.get(seed_key="2.1")
    response = client.post(url, {"q": "my child tells lies", "language": "en", "text": "x", "attitude": attitude.id})
    assert response.status_code in (302, 403)
    assert AttitudePage.objects.get(id=attitude.id).latest_revision_id == attitude.latest_revision_id


def test_the_log_of_readers_searches_is_pruned_with_the_search_log(client, seeded):
    readers("oudezoekvraag", "nl", unclicked=2)
    readers("nieuwezoekvraag", "nl", unclicked=1)
    SearchEvent.objects.filter(query_string="oudezoekvraag").update(created_at=timezone.now() - timedelta(days=100))
    call_command("prune_search_log", "--days", "90", verbosity=0)
    assert list(SearchEvent.objects.values_list("query_string", flat=True)) == ["nieuwezoekvraag"]


@pytest.mark.parametrize("params", [
    {"q": "grens\x00", "language": "nl"}, {"q": "", "language": "nl"}, {"q": "grenzen", "language": "xx"},
    {"q": "x" * 10_000, "language": "ar"}, {"q": "grenzen"},
])
def test_bad_input_to_the_situation_page_is_no_error(client, seeded, editor, params):
    client.force_login(editor)
    url = reverse("kennisbank_make_situation")
    assert client.get(url, params).status_code in (200, 400)
    attitude = AttitudePage.objects.get(seed_key="2.1")
    assert client.post(url, {**params, "text": "a\x00b", "attitude": attitude.id}).status_code in (200, 400)
    assert AttitudePage.objects.get(id=attitude.id).latest_revision_id == attitude.latest_revision_id
