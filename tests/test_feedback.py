""""Was this page helpful?": a form that works without JavaScript on a page an HTTP cache shares,
bounded (one answer per page per browser per day, a rate limit, a length cap, a trap for bots),
keeping nothing personal, and a report for the editors."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.feedback.limits import VOTED_COOKIE
from kennisbank.feedback.models import COMMENT_MAX_LENGTH, Feedback

from .conftest import soup, url_in

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture(autouse=True)
def clock_at_a_window_start():
    """Every test here starts at the first second of a rate-limit window, in the middle of the
    day (and the clock runs on): counts cannot straddle two windows, which would let one post
    too many through, and a day's answers cannot straddle midnight."""
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def reader():
    """A browser without cookies, as it arrives from a cached page; Django's CSRF check is on,
    so a pass proves the form needs no token."""
    return Client(enforce_csrf_checks=True)


def form_of(client, page, language="nl"):
    response = client.get(url_in(page, language))
    assert response.status_code == 200
    return response, soup(response).select_one("section.feedback form")


def post(client, page, language="nl", helpful="yes", comment="", **headers):
    with_language = reverse("feedback", args=[page.id]).replace("/nl/", f"/{language}/", 1)
    return client.post(with_language, {"helpful": helpful, "comment": comment, "website": ""},
                       **{**ORIGIN, **headers})


def test_the_form_sits_on_shareable_pages_without_a_token(reader, attitude, seeded):
    for page in (attitude, ContentPage.objects.get(seed_key="about-the-model"), BlockPage.objects.get(number=1)):
        response, form = form_of(reader, page)
        assert "s-maxage" in response["Cache-Control"] and not response.cookies
        assert form["method"] == "post" and form["action"] == reverse("feedback", args=[page.id])
        assert not form.select("input[name=csrfmiddlewaretoken]")
        assert [b["value"] for b in form.select("button[name=helpful]")] == ["yes", "no"]
        assert form.select_one("textarea[name=comment]")["maxlength"] == str(COMMENT_MAX_LENGTH)
    assert not soup(reader.get("/nl/")).select("section.feedback")  # the home page is the way in


def test_an_answer_posted_without_javascript_or_cookies_is_counted(reader, attitude):
    _response, form = form_of(reader, attitude, "en")
    response = reader.post(form["action"].replace("/nl/", "/en/"),
                           {"helpful": "no", "comment": "  The example about bedtime was unclear.  ", "website": ""},
                           **ORIGIN)
    assert response.status_code == 303
    assert response["Location"] == reverse("feedback_thanks", args=[attitude.id]).replace("/nl/", "/en/")
    answer = Feedback.objects.get()
    # The day the clock fixture set (clock_at_a_window_start), not a "today" read afterwards.
    assert (answer.page_id, answer.language, answer.helpful, answer.comment, answer.day) == (
        attitude.id, "en", False, "The example about bedtime was unclear.", datetime.date(2026, 11, 30))
    cookie = response.cookies[VOTED_COOKIE]
    assert cookie.value == f"2026-11-30:{attitude.id}"
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and 0 < cookie["max-age"] <= 24 * 3600 + 1
    thanks = reader.get(response["Location"])
    assert thanks.status_code == 200
    assert soup(thanks).select_one("main a")["href"] == url_in(attitude, "en")


def test_one_cached_copy_serves_every_reader_and_their_answers(attitude):
    """What an HTTP cache does: the copy fetched for one reader is given to the next."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    cached, form = form_of(first, attitude)
    assert second.get(url_in(attitude, "nl")).content == cached.content  # nothing in it is one reader's
    for reader, helpful in ((first, "yes"), (second, "no")):
        data = {button["name"]: button["value"] for button in form.select("button") if button["value"] == helpful}
        data.update({field["name"]: "" for field in form.select("input[name], textarea[name]")})
        assert reader.post(form["action"], data, **ORIGIN).status_code == 303
    assert sorted(Feedback.objects.values_list("helpful", flat=True)) == [False, True]


def test_a_second_answer_the_same_day_is_not_counted(reader, attitude, seeded):
    assert post(reader, attitude).status_code == 303
    assert post(reader, attitude, helpful="no", comment="again").status_code == 303
    assert Feedback.objects.count() == 1 and Feedback.objects.get().helpful
    other = ContentPage.objects.get(seed_key="about-this-site")
    post(reader, other)  # another page is another question
    assert Feedback.objects.count() == 2
    assert reader.cookies[VOTED_COOKIE].value.endswith(f":{min(attitude.id, other.id)}.{max(attitude.id, other.id)}")
    # Yesterday's cookie does not hold today's answer back.
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    reader.cookies[VOTED_COOKIE] = f"{yesterday}:{attitude.id}"
    post(reader, attitude)
    assert Feedback.objects.filter(page=attitude).count() == 2


def test_an_overlong_comment_is_refused_with_a_message(reader, attitude):
    response = post(reader, attitude, comment="x" * (COMMENT_MAX_LENGTH + 1))
    assert response.status_code == 400
    page = soup(response)
    assert f"hoogstens {COMMENT_MAX_LENGTH} tekens" in page.select_one("[role=alert]").get_text()
    assert page.select_one("textarea[name=comment]").get_text() == "x" * (COMMENT_MAX_LENGTH + 1)
    assert not Feedback.objects.exists() and VOTED_COOKIE not in response.cookies
    assert post(reader, attitude, comment="x" * COMMENT_MAX_LENGTH).status_code == 303


def test_the_rate_limit_answers_429_per_client(attitude, settings):
    settings.FEEDBACK_RATE_LIMIT = (3, 600)
    for _ in range(3):
        assert post(Client(), attitude, REMOTE_ADDR="198.51.100.7").status_code == 303
    refused = post(Client(), attitude, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert "probeer het over een paar minuten opnieuw" in soup(refused).select_one("[role=alert]").get_text()
    assert Feedback.objects.count() == 3
    assert post(Client(), attitude, REMOTE_ADDR="198.51.100.8").status_code == 303  # another client


def test_behind_proxies_the_client_address_is_limited_not_the_proxy(attitude, settings):
    settings.FEEDBACK_RATE_LIMIT = (1, 600)
    settings.TRUSTED_PROXY_DEPTH = 1
    behind_varnish = {"REMOTE_ADDR": "127.0.0.1"}
    assert post(Client(), attitude, HTTP_X_FORWARDED_FOR="198.51.100.7", **behind_varnish).status_code == 303
    assert post(Client(), attitude, HTTP_X_FORWARDED_FOR="198.51.100.8", **behind_varnish).status_code == 303
    # A client cannot escape by sending its own X-Forwarded-For: the proxy appends the real one.
    spoofed = post(Client(), attitude, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", **behind_varnish)
    assert spoofed.status_code == 429


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_ORIGIN": ""},
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
])
def test_posts_from_other_sites_are_refused(reader, attitude, headers):
    response = reader.post(reverse("feedback", args=[attitude.id]), {"helpful": "yes"}, **headers)
    assert response.status_code == 403
    assert "alleen worden verstuurd vanaf een pagina van deze site" in soup(response).get_text()
    assert not Feedback.objects.exists()


def test_a_browser_saying_same_origin_is_enough(reader, attitude):
    response = reader.post(reverse("feedback", args=[attitude.id]), {"helpful": "yes"},
                           HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303 and Feedback.objects.count() == 1


def test_the_bot_trap_keeps_nothing(reader, attitude):
    response = reader.post(reverse("feedback", args=[attitude.id]),
                           {"helpful": "yes", "comment": "cheap pills", "website": "http://spam.example"}, **ORIGIN)
    assert response.status_code == 303
    assert not Feedback.objects.exists() and VOTED_COOKIE not in response.cookies


@pytest.mark.parametrize("data, message", [
    ({}, "Kies ja of nee."),
    ({"helpful": "maybe"}, "Kies ja of nee."),
    ({"helpful": "yes", "comment": "a\x00b"}, "Null-tekens zijn niet toegestaan."),
])
def test_bad_posts_get_a_400_with_a_message(reader, attitude, data, message):
    response = reader.post(reverse("feedback", args=[attitude.id]), data, **ORIGIN)
    assert response.status_code == 400
    alert = soup(response).select_one("[role=alert]").get_text().strip()
    assert alert and message in alert
    assert not Feedback.objects.exists()


def test_pages_that_take_no_feedback_are_404(reader, seeded, attitude, home):
    draft = AttitudePage.objects.get(seed_key="4.1")
    draft.unpublish()
    restricted = AttitudePage.objects.get(seed_key="4.2")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="secret")
    for path in [reverse("feedback", args=[home.id]), reverse("feedback", args=[draft.id]),
                 reverse("feedback", args=[restricted.id]), reverse("feedback", args=[999_999_999]),
                 f"/nl/feedback/{'9' * 30}/"]:
        assert reader.post(path, {"helpful": "yes"}, **ORIGIN).status_code == 404, path
    assert reader.get(reverse("feedback_thanks", args=[draft.id])).status_code == 404
    assert reader.get(reverse("feedback", args=[attitude.id])).status_code == 405
    assert not Feedback.objects.exists()


def test_nothing_personal_is_kept(attitude):
    client = Client()
    post(client, attitude, comment="Helpful.", REMOTE_ADDR="203.0.113.9",
         HTTP_USER_AGENT="Agent/1.0 (unique-device-42)", HTTP_X_FORWARDED_FOR="203.0.113.10")
    # Exactly what "About this site" lists: page, language, yes or no, comment, day.
    assert [f.name for f in Feedback._meta.concrete_fields] == ["id", "page", "language", "helpful", "comment", "day"]
    row = Feedback.objects.values().get()
    kept = " ".join(str(value) for value in row.values()) + " ".join(
        str(key) for cache in caches.all() for key in cache._cache)
    for personal in ("203.0.113.9", "203.0.113.10", "unique-device-42"):
        assert personal not in kept
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists() and "sessionid" not in client.cookies


def test_the_language_read_in_is_recorded(reader, attitude):
    post(reader, attitude, language="ar")
    assert Feedback.objects.get().language == "ar"


@pytest.fixture
def answers(attitude, seeded):
    other = ContentPage.objects.get(seed_key="about-this-site")
    today = timezone.localdate()
    for helpful, comment, days_ago in [(True, "", 0), (True, "Clear.", 1), (False, "Too long.", 2), (True, "", 3)]:
        Feedback.objects.create(page=attitude, language="nl", helpful=helpful, comment=comment,
                                day=today - datetime.timedelta(days=days_ago))
    Feedback.objects.create(page=attitude, language="ar", helpful=False, comment="غير واضح", day=today)
    Feedback.objects.create(page=other, language="en", helpful=True, comment="Old.",
                            day=today - datetime.timedelta(days=200))
    return attitude, other


@pytest.mark.parametrize("group", ["Redacteuren", "Eindredactie"])
def test_editors_see_the_report_per_page_and_language(client, django_user_model, answers, group):
    attitude, _other = answers
    user = django_user_model.objects.create_user("redacteur", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    response = client.get(reverse("feedback_report"))
    assert response.status_code == 200
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in soup(response).select("tbody tr")]
    assert rows[0] == ["Duidelijke grenzen stellen", "Nederlands", "3", "1", "75 %",
                       f"{timezone.localdate() - datetime.timedelta(days=1):%Y-%m-%d}: Clear. | "
                       f"{timezone.localdate() - datetime.timedelta(days=2):%Y-%m-%d}: Too long."]
    assert [row[:5] for row in rows[1:]] == [["Duidelijke grenzen stellen", "العربية", "0", "1", "0 %"],
                                             ["Over deze site", "English", "1", "0", "100 %"]]
    assert soup(response).select_one("tbody tr a")["href"] == reverse("wagtailadmin_pages:edit", args=[attitude.id])
    recent = client.get(reverse("feedback_report"), {"period": "30", "language": "nl"})
    assert len(soup(recent).select("tbody tr")) == 1
    export = client.get(reverse("feedback_report"), {"export": "csv"})
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 4 and lines[1].startswith("Duidelijke grenzen stellen,Nederlands,3,1,75 %,")
    assert lines[0].startswith("\ufeff")


def test_the_report_needs_its_permission(client, django_user_model, answers):
    user = django_user_model.objects.create_user("lezer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("feedback_report")).status_code == 302
    user.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    user = django_user_model.objects.get(id=user.id)
    client.force_login(user)
    assert client.get(reverse("feedback_report")).status_code == 200


def test_final_editors_can_delete_an_answer_editors_only_read(client, django_user_model, answers):
    answer = Feedback.objects.get(comment="Too long.")
    delete_url = reverse("wagtailsnippets_feedback_feedback:delete", args=[answer.pk])
    users = {}
    for group in ("Redacteuren", "Eindredactie"):
        users[group] = django_user_model.objects.create_user(group.lower(), password="x")
        users[group].groups.add(Group.objects.get(name=group))

    client.force_login(users["Redacteuren"])
    listing = client.get(reverse("wagtailsnippets_feedback_feedback:list"))
    assert listing.status_code == 200 and "Too long." in listing.content.decode()
    assert not soup(listing).select(f'a[href="{delete_url}"]')
    client.post(delete_url)
    assert Feedback.objects.filter(pk=answer.pk).exists()
    assert client.get(reverse("wagtailsnippets_feedback_feedback:add")).status_code != 200  # nobody adds answers

    client.force_login(users["Eindredactie"])
    assert client.post(delete_url).status_code == 302
    assert not Feedback.objects.filter(pk=answer.pk).exists()


def test_an_answer_is_taken_while_the_shared_cache_does_not_answer(reader, attitude, shared_cache_down):
    """The rate limit cannot count, so the reader's answer is taken (it was a 500)."""
    response = post(reader, attitude, helpful="no")
    assert response.status_code == 303
    assert Feedback.objects.get().helpful is False



class CountedBody(io.RawIOBase):
    """A request body of `size` bytes that counts what the server reads of it (and keeps none)."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"x" * n
        self.read_bytes += n
        return n


def post_body(client, path, body, **headers):
    return client.generic("POST", path, **{"wsgi.input": body, "CONTENT_LENGTH": str(body.size),
                                           "CONTENT_TYPE": "multipart/form-data; boundary=grens", **headers})


def test_a_60_mb_post_is_refused_before_a_byte_of_it_is_read(reader, attitude):
    """Issue 28, finding 3: a 60 MB multipart POST to the feedback form was parsed whole (into a
    temporary file) before it was refused."""
    body = CountedBody(60 * 1024 * 1024)
    response = post_body(reader, reverse("feedback", args=[attitude.id]), body, **ORIGIN)
    assert response.status_code == 413
    assert body.read_bytes == 0
    html = soup(response)
    assert html.h1.get_text() == "Te veel tegelijk verstuurd"
    assert "(hoogstens 64,0\xa0KB)" in html.main.get_text()
    assert not Feedback.objects.exists()


def test_bodies_of_unknown_length_and_large_anonymous_posts_to_the_admin_are_refused_unread(client, db):
    chunked = CountedBody(1024 * 1024)
    response = client.generic("POST", reverse("feedback", args=[1]), **{
        "wsgi.input": chunked, "HTTP_TRANSFER_ENCODING": "chunked",
        "CONTENT_TYPE": "application/x-www-form-urlencoded"})
    assert (response.status_code, chunked.read_bytes) == (413, 0)
    login = CountedBody(1024 * 1024)
    assert post_body(client, reverse("wagtailadmin_login"), login).status_code == 413
    assert login.read_bytes == 0
