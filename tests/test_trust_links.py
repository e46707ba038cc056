"""Links built from the request's path stay on this site (issue 15, item 8): on a 404 for
`//evil.example/x` the language switcher and the hreflang alternates must not point at another
host (a path starting with `//` is a link to another host)."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings

from .conftest import soup

HOSTILE_PATHS = ["//evil.example/x", "///evil.example/x", "//evil.example", "/\\evil.example/x"]


def resolve(base, href):
    """The URL a browser goes to: it reads a backslash in an http(s) URL as a slash."""
    return urljoin(base, href.replace("\\", "/"))


def hosts_linked(html, base):
    """Every host the page's language links and alternates lead to, and the hosts of the
    switcher's `next` targets."""
    hosts = set()
    for link in html.select(".language-switcher a"):
        href = resolve(base, link["href"])
        hosts.add(urlsplit(href).netloc)
        for target in parse_qs(urlsplit(href).query).get("next", []):
            hosts.add(urlsplit(resolve(href, target)).netloc)
    for link in html.select("link[rel=alternate], link[rel=canonical]"):
        hosts.add(urlsplit(resolve(base, link["href"])).netloc)
    return hosts


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_404_never_links_to_another_host(client, seeded, path):
    # PATH_INFO as a server receives it: the test client would read `//host` as a host itself.
    response = client.get("/", PATH_INFO=path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = soup(response)
    assert len(html.select(".language-switcher a")) == len(settings.LANGUAGES)
    assert not html.select("link[rel=alternate], link[rel=canonical]")  # no page to name
    own_hosts = {"testserver", urlsplit(settings.PUBLIC_ORIGIN).netloc}
    assert hosts_linked(html, "http://testserver/") <= own_hosts
