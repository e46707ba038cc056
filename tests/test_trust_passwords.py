"""Passwords readers type on the site are locked out like admin logins (issue 15, items 6 and
11): a page's or a document collection's password after AXES_FAILURE_LIMIT wrong tries from one
address, and the front-end login, which accepts editors' accounts on purpose (README, Security)."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .conftest import soup, url_in

PASSWORD = "open-sesame-2024"
EDITOR_PASSWORD = "a-Long-enough-passw0rd"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return django_settings.AXES_FAILURE_LIMIT


@pytest.fixture
def restricted(attitude):
    restriction = PageViewRestriction.objects.create(
        page=attitude, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
    return attitude, restriction


def try_password(client, page, restriction, password, language="nl", address="203.0.113.7"):
    url = url_in(page, language)
    action = f"/{language}/_util/authenticate_with_password/{restriction.id}/{page.id}/"
    return client.post(action, {"password": password, "return_url": url}, REMOTE_ADDR=address)


def test_wrong_page_passwords_lock_the_address_out(client, restricted, axes_on):
    page, restriction = restricted
    statuses = [try_password(client, page, restriction, f"guess-{n}").status_code for n in range(axes_on + 3)]
    assert statuses == [200] * (axes_on - 1) + [429] * 4  # the form again, then locked out
    # Locked out: even the right password is refused, and the page stays closed.
    locked = try_password(client, page, restriction, PASSWORD)
    assert locked.status_code == 429
    assert "camera=()" in locked["Permissions-Policy"]
    assert page.summary_nl not in client.get(page.url, REMOTE_ADDR="203.0.113.7").content.decode()


def test_a_lockout_is_per_address_and_per_restriction(client, restricted, axes_on, block):
    page, restriction = restricted
    for n in range(axes_on):
        try_password(client, page, restriction, f"guess-{n}")
    other = PageViewRestriction.objects.create(
        page=block.get_next_sibling(), restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
    assert try_password(client, other.page, other, PASSWORD).status_code == 302
    assert try_password(client, page, restriction, PASSWORD, address="203.0.113.8").status_code == 302
    assert page.summary_nl in client.get(page.url).content.decode()


def test_the_right_password_before_the_limit_opens_the_page(client, restricted, axes_on):
    page, restriction = restricted
    for n in range(axes_on - 1):
        try_password(client, page, restriction, f"guess-{n}")
    assert try_password(client, page, restriction, PASSWORD).status_code == 302
    assert page.summary_nl in client.get(page.url).content.decode()


@pytest.mark.parametrize(("language", "title"), [("nl", "Te veel pogingen"), ("en", "Too many attempts"),
                                                 ("ar", "محاولات كثيرة جدًا")])
def test_the_lockout_page_speaks_the_readers_language(client, restricted, axes_on, language, title):
    page, restriction = restricted
    for n in range(axes_on):
        response = try_password(client, page, restriction, f"guess-{n}", language=language)
    html = soup(response)
    assert html.html["lang"] == language
    assert html.h1.get_text(strip=True) == title


def test_wrong_document_passwords_lock_the_address_out(client, db, axes_on):
    collection = Collection.get_first_root_node().add_child(name="Voor professionals")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD)
    Document.objects.create(title="Werkblad", collection=collection, file="documents/werkblad.pdf")
    action = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    statuses = [client.post(action, {"password": f"guess-{n}", "return_url": "/"}).status_code
                for n in range(axes_on + 1)]
    assert statuses[-2:] == [429, 429]
    assert client.post(action, {"password": PASSWORD, "return_url": "/"}).status_code == 429


def front_end_login(client, password):
    return client.post("/nl/_util/login/", {"username": "editor", "password": password, "next": "/nl/"})


def test_the_front_end_login_accepts_an_editor_and_names_no_admin_path(client, seeded, django_user_model):
    """A page behind "log in to view" is for editors, the only accounts there are."""
    django_user_model.objects.create_user("editor", password=EDITOR_PASSWORD)
    form = client.get("/nl/_util/login/")
    assert form.status_code == 200
    assert f"/{django_settings.ADMIN_PATH}" not in form.content.decode()
    assert front_end_login(client, EDITOR_PASSWORD).status_code == 302


def test_the_front_end_login_shares_the_admin_logins_lockout(client, seeded, axes_on, django_user_model):
    django_user_model.objects.create_user("editor", password=EDITOR_PASSWORD, is_superuser=True)
    for _ in range(axes_on):
        response = front_end_login(client, "wrong")
    assert response.status_code == 429
    assert front_end_login(client, EDITOR_PASSWORD).status_code == 429
    admin_login = client.post(reverse("wagtailadmin_login"), {"username": "editor", "password": EDITOR_PASSWORD})
    assert admin_login.status_code == 429
