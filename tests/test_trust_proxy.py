"""Whose address django-axes locks out (issue 15, item 12): without a proxy the connection's,
whatever X-Forwarded-For says; behind TRUSTED_PROXY_DEPTH proxies the address the outermost of
them saw, so one reader's wrong passwords never lock out everyone behind the same proxy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kennisbank.core.client import client_address

PASSWORD = "a-Long-enough-passw0rd"
PROXY = "10.0.0.2"


@pytest.fixture
def editor(db, settings, django_user_model):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_superuser=True)


def login(client, password, remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("wagtailadmin_login"), {"username": "editor", "password": password}, **headers)


def test_without_a_proxy_a_forged_header_neither_escapes_nor_shifts_a_lockout(client, editor, settings):
    settings.TRUSTED_PROXY_DEPTH = 0
    for n in range(3):
        login(client, "wrong", "203.0.113.7", forwarded=f"198.51.100.{n}")
    assert login(client, PASSWORD, "203.0.113.7", forwarded="198.51.100.99").status_code == 429
    # Another reader (another connection) claiming to be the locked-out address is not locked out.
    assert login(client, PASSWORD, "203.0.113.8", forwarded="203.0.113.7").status_code == 302


def test_behind_a_proxy_each_reader_has_their_own_lockout(client, editor, settings):
    settings.TRUSTED_PROXY_DEPTH = 1
    for _ in range(3):
        login(client, "wrong", PROXY, forwarded="203.0.113.7")
    # The same reader is locked out, also when they put another address in front.
    assert login(client, PASSWORD, PROXY, forwarded="198.51.100.1, 203.0.113.7").status_code == 429
    # Another reader behind the same proxy logs in.
    assert login(client, PASSWORD, PROXY, forwarded="203.0.113.8").status_code == 302


def test_behind_a_proxy_without_the_setting_everyone_shares_one_lockout(client, editor, settings):
    """What TRUSTED_PROXY_DEPTH is for: at 0 behind a proxy, all readers are one address."""
    settings.TRUSTED_PROXY_DEPTH = 0
    for _ in range(3):
        login(client, "wrong", PROXY, forwarded="203.0.113.7")
    assert login(client, PASSWORD, PROXY, forwarded="203.0.113.8").status_code == 429


@pytest.mark.parametrize(("depth", "forwarded", "expected"), [
    (0, "198.51.100.1", "192.0.2.1"),
    (1, "198.51.100.1", "198.51.100.1"),
    (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
    (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
    (2, "198.51.100.1", "192.0.2.1"),  # fewer entries than proxies: not through them all
    (1, "not-an-address", "192.0.2.1"),
    (1, "", "192.0.2.1"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_client_address(settings, depth, forwarded, expected):
    settings.TRUSTED_PROXY_DEPTH = depth
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
