"""Response headers (issue 15, items 11-13): Permissions-Policy everywhere, admin responses say
noindex, and URLs without a language never carry one reader's Content-Language."""

import pytest
from django.urls import reverse

from .conftest import url_in


@pytest.mark.parametrize("path", ["/nl/", "/ar/zoeken/?q=grenzen", "/sitemap.xml", "/robots.txt", "/nl/bestaat-niet/"])
def test_every_response_switches_off_unused_browser_features(client, seeded, path):
    policy = dict(part.strip().split("=", 1) for part in client.get(path)["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"


def test_admin_responses_carry_the_policy_and_noindex(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_home"))
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pages.xml", "/robots.txt"])
@pytest.mark.parametrize("reader", [{"HTTP_ACCEPT_LANGUAGE": "ar"}, {"HTTP_COOKIE": "kennisbank_language=en"}])
def test_urls_without_a_language_carry_no_content_language(client, seeded, path, reader):
    """Varnish keeps these for everyone: the first reader's language must not stick to them."""
    response = client.get(path, **reader)
    assert response.status_code == 200
    assert "Content-Language" not in response


def test_pages_say_their_own_language(client, attitude):
    for language in ("nl", "en", "ar"):
        response = client.get(url_in(attitude, language), HTTP_ACCEPT_LANGUAGE="nl")
        assert response["Content-Language"] == language
