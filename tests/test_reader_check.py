"""The whole site read as a reader reads it: every URL of the sitemap, a search results page, a
search that finds nothing and a 404, in each language, parsed as HTML.

A speed change once escaped the main text of every page while the whole suite passed; tests
that look for one string on one page miss that. This check fails on anything a reader would
notice on any page: markup shown as text, an explanation with fewer paragraphs than its
source, a situation finder theme without the attitudes the editors chose, an image or a link
that does not load, a HEAD that answers differently from GET, or a page that a shared link
cannot preview (no og:title).
"""

import io
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from kennisbank.content.models import AttitudePage, SituationFinderPage

from .conftest import url_in

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What rich text looks like when it reaches a reader as text instead of as HTML.
ESCAPED_MARKUP = ("<p", "</", "<ul", "<li", "data-block-key", "&lt;")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def visible_text(html):
    """The text a reader sees: without scripts, styles and inert templates."""
    html = BeautifulSoup(str(html), "html.parser")
    for hidden in html(["script", "style", "template", "noscript"]):
        hidden.decompose()
    return html.get_text(" ")


def paragraphs(rich_text):
    return len(BeautifulSoup(rich_text or "", "html.parser").find_all("p"))


def sitemap_paths(client):
    """Every page URL the sitemap gives search engines, as a path on this site."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    paths = []
    for section in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        urls = ElementTree.fromstring(client.get(urlsplit(section.text).path).content)
        paths += [urlsplit(loc.text).path for loc in urls.findall("s:url/s:loc", SITEMAP_NS)]
    return paths


def internal_target(href, page_path):
    """The path and query an internal link points at, or None for another site, mail, a fragment."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    absolute = urljoin(settings.PUBLIC_ORIGIN + page_path, href)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != settings.PUBLIC_ORIGIN:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Reader:
    """Reads pages with the test client and keeps what it found wrong, page by page."""

    def __init__(self, client):
        self.client = client
        self.problems = []
        self.checked_links = {}

    def problem(self, path, text):
        self.problems.append(f"{path}: {text}")

    def read(self, path, expected_status=200):
        response = self.client.get(path)
        if response.status_code != expected_status:
            self.problem(path, f"answered {response.status_code}, expected {expected_status}")
            return None
        head = self.client.head(path)
        if head.status_code != response.status_code:
            self.problem(path, f"HEAD answered {head.status_code}, GET {response.status_code}")
        html = BeautifulSoup(response.content.decode(), "html.parser")
        main = html.find("main")
        if main is None:
            self.problem(path, "has no <main>")
            return html
        text = visible_text(html.body)
        for markup in ESCAPED_MARKUP:
            if markup in text:
                at = text.index(markup)
                self.problem(path, f"shows {markup!r} as text: …{' '.join(text[max(0, at - 40):at + 40].split())}…")
        for image in html.find_all("img"):
            self.follow(path, image.get("src"), "image")
        for link in html.find_all("a"):
            self.follow(path, link.get("href"), "link")
        return html

    def follow(self, page_path, href, kind):
        target = internal_target(href, page_path)
        if target is None:
            if kind == "image" and not href:
                self.problem(page_path, "has an <img> without src")
            return
        if target not in self.checked_links:
            response = self.client.get(target, follow=True)
            self.checked_links[target] = response.status_code
        if self.checked_links[target] != 200:
            self.problem(page_path, f"{kind} {target} answers {self.checked_links[target]}")

    def has_preview(self, path, html):
        title = html.find("meta", attrs={"property": "og:title"})
        if title is None or not title.get("content", "").strip():
            self.problem(path, "has no og:title: a shared link shows no preview")


def finder_links(page, language):
    """How many attitude links each theme of a situation finder should show: as many as the
    editors chose (in Dutch, unless the translation chose its own); every attitude is live here."""
    own, dutch = getattr(page, f"themes_{language}"), page.themes_nl
    return [len(theme.value["attitudes"]) or len(source.value["attitudes"])
            for theme, source in zip(own, dutch, strict=True)]


@pytest.fixture
def with_image(seeded, settings, tmp_path):
    """An image on one attitude's first example, chosen in Dutch as editors do: every language
    shows it (kennisbank/content/blocks.py), so the check follows an uploaded image in each."""
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 500), "#e3ecd6").save(buffer, "PNG")
    image = get_image_model().objects.create(title="Samen", file=ImageFile(buffer, name="samen.png"))
    page = AttitudePage.objects.get(seed_key="2.3")
    examples = list(page.examples_nl.raw_data)
    examples[0]["value"] |= {"image": image.id, "image_alt": "Een moeder en kind spelen samen"}
    page.examples_nl = examples
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reads_as_a_reader_expects(client, with_image, language):
    reader = Reader(client)
    paths = [path for path in sitemap_paths(client) if path.startswith(f"/{language}/")]
    assert len(paths) >= 40, f"the sitemap lists only {len(paths)} pages in {language}"
    with translation.override(language):
        searches = [reverse("search") + "?q=grenzen", reverse("search") + "?q=xqzwv"]
        explanations = {page.url: paragraphs(page.explanation) for page in AttitudePage.objects.live()}
        finders = {page.url: finder_links(page, language) for page in SituationFinderPage.objects.live()}
        situations = {page.url: len(page.situation_list()) for page in AttitudePage.objects.live()}
    heading = {"nl": "Herken je dit?", "en": "Does this sound familiar?", "ar": "هل يحدث هذا معك؟"}[language]
    assert any(situations.values()), "no attitude has situations to show"
    assert finders and set(finders) <= set(paths), "the situation finder is missing from the sitemap"
    for path in [*paths, *searches]:
        html = reader.read(path)
        if html is None:
            continue
        if path == url_in(with_image, language) and not html.select("main .example img"):
            reader.problem(path, "shows no image where the editors chose one")
        reader.has_preview(path, html)
        if path in finders:
            shown = [len(theme.select(".theme__attitudes a[href]")) for theme in html.select("main .theme")]
            if shown != finders[path]:
                reader.problem(path, f"themes show {shown} attitude links, the editors chose {finders[path]}")
        if path in explanations:
            shown = len(html.select("main .explanation p"))
            if shown < explanations[path]:
                reader.problem(path, f"explanation shows {shown} paragraphs, its source has {explanations[path]}")
        if situations.get(path):
            section = html.select_one("main .situations")
            shown = len(section.select("li")) if section else 0
            if shown < situations[path] or section.h2.get_text(strip=True) != heading:
                reader.problem(path, f"shows {shown} of its {situations[path]} situations under {heading!r}")
    missing = f"/{language}/deze-pagina-bestaat-niet/"
    html = reader.read(missing, expected_status=404)
    if html is not None and html.select("link[rel=canonical], link[hreflang]"):
        reader.problem(missing, "a 404 names a canonical URL or translations of a page that does not exist")
    assert not reader.problems, f"{len(reader.problems)} problems:\n" + "\n".join(reader.problems[:40])


def test_every_public_address_answers_head_as_it_answers_get(client, seeded):
    """Crawlers and uptime monitors ask with HEAD (RFC 9110: a server must support it)."""
    sheet = next(page for page in AttitudePage.objects.live() if page.exercises)
    paths = ["/robots.txt", "/sitemap.xml", "/sitemap-pages.xml", "/language/en/?next=/en/"]
    for language in LANGUAGES:
        with translation.override(language):
            paths += [reverse("search") + "?q=grenzen", reverse("search_suggest") + "?q=gren",
                      reverse("exercise_sheet", args=[sheet.id])]
    for path in paths:
        get, head = client.get(path), client.head(path)
        assert get.status_code in (200, 302), (path, get.status_code)
        assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
        assert head.content == b"", path
        assert head.get("Content-Type") == get.get("Content-Type"), path
