"""What a shared link shows (Open Graph and Twitter card tags): the page's own title and
description, its canonical address, its language and translations, and the site's image."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from kennisbank.content.models import AttitudePage

from .conftest import soup, url_in


def meta(html, name):
    tag = html.find("meta", attrs={"property": name}) or html.find("meta", attrs={"name": name})
    return tag and tag["content"]


@pytest.mark.parametrize("language, locale, others", [
    ("nl", "nl_NL", {"en_GB", "ar_AR"}), ("en", "en_GB", {"nl_NL", "ar_AR"}), ("ar", "ar_AR", {"nl_NL", "en_GB"}),
])
def test_an_attitude_shares_its_own_title_description_and_address(client, attitude, language, locale, others):
    html = soup(client.get(url_in(attitude, language)))
    title = getattr(attitude, f"title_{language}")
    assert meta(html, "og:title") == meta(html, "twitter:title") == title
    description = html.find("meta", attrs={"name": "description"})["content"]
    assert meta(html, "og:description") == meta(html, "twitter:description") == description
    assert meta(html, "og:url") == html.find("link", rel="canonical")["href"] == settings.PUBLIC_ORIGIN + url_in(
        attitude, language)
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:locale") == locale
    assert {tag["content"] for tag in html.find_all("meta", property="og:locale:alternate")} == others
    assert meta(html, "twitter:card") == "summary_large_image"


def test_the_share_image_is_an_absolute_address_of_a_file_the_site_serves(client, seeded):
    html = soup(client.get("/ar/"))
    image = meta(html, "og:image")
    assert image.startswith(settings.PUBLIC_ORIGIN + settings.STATIC_URL)
    assert finders.find(image.removeprefix(settings.PUBLIC_ORIGIN + settings.STATIC_URL))
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(html, "og:image:alt") == "خمس لبنات مكدّسة بعضها فوق بعض، وأعرضها في الأسفل"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:title") == "لبنات التعلّق"


def test_the_search_page_shares_its_title_and_a_404_names_no_address(client, seeded):
    html = soup(client.get("/en/search/?q=limits"))
    assert meta(html, "og:title") == html.title.get_text()
    missing = soup(client.get("/en/no-such-page/"))
    assert meta(missing, "og:url") is None
    assert not missing.select("link[rel=canonical], link[hreflang], meta[property='og:locale:alternate']")
    # Its language switcher leads to each language's home page, which exists.
    assert [a["href"].split("next=")[1] for a in missing.select(".language-switcher a")] == ["/nl/", "/en/", "/ar/"]


def test_a_shared_link_shows_the_editors_seo_title(client, seeded):
    page = AttitudePage.objects.get(seed_key="1.1")
    page.seo_title_en = "Care, and a little more"
    page.save_revision().publish()
    assert meta(soup(client.get(url_in(page, "en"))), "og:title") == "Care, and a little more"
