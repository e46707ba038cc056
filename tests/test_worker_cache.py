"""What each worker keeps between requests (kennisbank/caching/worker.py) never outlives a change:
the site's home page and the Site itself, a page's links and lines kept for readers. View
restrictions are never kept: checked per request. Previews never use what is kept for readers."""

import datetime
import threading

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction, Site

from kennisbank.caching.state import state_cache
from kennisbank.caching.version import content_version, read_once
from kennisbank.caching.worker import WorkerCache
from kennisbank.content.models import AttitudePage, ContentPage

from .conftest import edit_data


def breadcrumbs(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(strip=True) for item in html.select(".breadcrumbs li")]


def test_renaming_the_home_page_shows_in_every_breadcrumb_at_once(client, seeded, attitude):
    assert breadcrumbs(client.get(attitude.url))[0] == seeded.title_nl
    seeded.title_nl = "Startpagina"
    seeded.save_revision().publish()
    assert breadcrumbs(client.get(attitude.url))[0] == "Startpagina"


def test_a_new_view_restriction_applies_at_once(client, attitude):
    url = attitude.url
    assert client.get(url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=attitude.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    restriction.delete()
    assert client.get(url).status_code == 200


def test_a_site_moved_to_another_home_page_routes_from_it_at_once(client, seeded, attitude):
    client.get("/nl/")
    site = Site.objects.get(is_default_site=True)
    block = attitude.get_parent()
    site.root_page = block
    site.save()
    # The block is now the site's root: its attitudes hang directly below the language prefix.
    response = client.get(f"/nl/{attitude.slug_nl}/")
    assert response.status_code == 200
    assert attitude.title_nl in response.content.decode()


def footer(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in html.select(".site-footer__links a")]


def test_a_flushed_cache_never_brings_back_what_was_kept_before(client, seeded):
    """Views that are not pages (a search) learn the content version from the shared cache.
    After Redis is flushed or restarted that version starts again; it must not match the
    version a worker kept its copies under (a counter restarting at 1 would)."""
    with translation.override("nl"):
        search = reverse("search")
    standing = ContentPage.objects.child_of(seeded).live().order_by("path").first()
    assert standing.title_nl in footer(client.get(search))
    standing.title_nl = "Een nieuwe naam voor deze pagina"
    standing.save()  # a plain save does not bump the version; only the flush can refresh
    state_cache().clear()  # Redis flushed or restarted: the versions live in the state cache
    assert "Een nieuwe naam voor deze pagina" in footer(client.get(search))


def test_a_page_view_learns_of_a_change_from_the_shared_cache(client, seeded, attitude):
    """A page view reads the content version once, from the shared cache: a change published
    by another worker (here: the version bumped after a plain save) shows on the next view."""
    assert len(breadcrumbs(client.get(attitude.url))) == 3
    block = attitude.get_parent().specific
    block.title_nl = "Een nieuwe naam voor dit blok"
    block.save()  # a plain save bumps nothing: what the worker keeps is still shown
    assert breadcrumbs(client.get(attitude.url))[1] != "Een nieuwe naam voor dit blok"
    content_version.bump()  # what a publish on another worker does
    assert breadcrumbs(client.get(attitude.url))[1] == "Een nieuwe naam voor dit blok"


def test_a_renamed_neighbour_shows_in_the_pager_at_once(client, seeded, attitude):
    """An attitude's links (previous, next, related) are kept per worker; a publish of any of
    them shows on its next view."""
    following = attitude.get_next_siblings().first().specific
    html = BeautifulSoup(client.get(attitude.url).content, "html.parser")
    assert following.title_nl in html.select_one("a[rel=next]").get_text()
    following.title_nl = "Een nieuwe naam voor de volgende houding"
    following.save_revision().publish()
    html = BeautifulSoup(client.get(attitude.url).content, "html.parser")
    assert "Een nieuwe naam voor de volgende houding" in html.select_one("a[rel=next]").get_text()


def test_a_preview_shows_the_draft_while_readers_keep_the_live_page(admin_user, attitude):
    """What is kept for readers (meta description, review line) never stands in for a draft in
    the editor's preview, and a publish shows on the live page at once."""
    # Wagtail previews with a request for the Site's own host and port: the reader uses the same.
    site = Site.objects.get(is_default_site=True)
    client = Client(HTTP_HOST=site.hostname if site.port == 80 else f"{site.hostname}:{site.port}")

    def shown(response):
        html = BeautifulSoup(response.content, "html.parser")
        review = html.select_one(".review__dates")
        return html.select_one('meta[name="description"]')["content"], review and review.get_text(" ", strip=True)

    before = shown(client.get(attitude.url))  # kept now for readers
    editor = Client()
    editor.force_login(admin_user)
    draft = {**edit_data(attitude, attitude.title_nl), "summary_nl": "Een samenvatting uit het concept.",
             "last_reviewed_on_nl": "2026-03-03", "next_review_on_nl": "2027-03-03",
             "reviewed_by_nl": "de conceptredactie"}
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[attitude.id])
    assert editor.post(preview, draft).json()["is_valid"]
    description, review = shown(editor.get(preview, {"mode": "nl"}))
    assert description == "Een samenvatting uit het concept."
    assert "3 maart 2026" in review and "de conceptredactie" in review
    assert shown(client.get(attitude.url)) == before

    page = AttitudePage.objects.get(id=attitude.id)
    page.summary_nl = "Een samenvatting uit het concept."
    page.reviewed_by_nl = "de conceptredactie"
    page.last_reviewed_on_nl, page.next_review_on_nl = datetime.date(2026, 3, 3), datetime.date(2027, 3, 3)
    page.save_revision().publish()
    description, review = shown(client.get(attitude.url))
    assert description == "Een samenvatting uit het concept." and "de conceptredactie" in review


def test_a_request_keeps_the_versions_it_started_with_unless_it_bumps_one():
    """Public requests read every version in one round trip when they first ask for one
    (read_once): a bump by another worker meanwhile shows from the next request, a bump by this
    request at once."""
    from search.index import search_version

    with read_once():
        started = content_version.current()
        state_cache().set(content_version.key, started + 5)  # another worker publishes
        assert content_version.current() == started
        search_version.bump()
        assert search_version.current() == state_cache().get(search_version.key)
    assert content_version.current() == started + 5


def test_requests_under_two_versions_at_once_never_mix_their_values():
    """A worker serving requests in threads: one still under the old version while another has
    read the new one. Each sees only values computed under its own version."""
    kept = WorkerCache()
    old_request_started, new_request_done = threading.Event(), threading.Event()
    seen = {}

    def old_request():
        with read_once():
            seen["old first"] = kept.get("blocks", lambda: "old")
            old_request_started.set()
            new_request_done.wait(5)
            seen["old again"] = kept.get("blocks", lambda: "old, computed again")

    def new_request():
        old_request_started.wait(5)
        content_version.bump()  # published meanwhile
        with read_once():
            seen["new"] = kept.get("blocks", lambda: "new")
        new_request_done.set()

    threads = [threading.Thread(target=old_request), threading.Thread(target=new_request)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"old first": "old", "new": "new", "old again": "old, computed again"}
    with read_once():
        assert kept.get("blocks", lambda: "not needed") == "new"  # the old request kept nothing
