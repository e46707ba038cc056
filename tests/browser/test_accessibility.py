"""axe-core finds nothing to report on any kind of public page, in every language.

All of axe's non-experimental rules run (WCAG 2.0-2.2 A and AA, and best practices), on the
rendered page in Chromium, so colour contrast, landmarks, focusable content and the like are
checked as a reader meets them.
"""

from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# Paths in each language; non-ASCII segments are percent-encoded by `quote`.
PAGES = {
    "home": {"nl": "/nl/", "en": "/en/", "ar": "/ar/"},
    "block": {
        "nl": "/nl/zelfstandig-worden/",
        "en": "/en/becoming-independent/",
        "ar": "/ar/اكتساب-الاستقلالية/",
    },
    "attitude": {
        "nl": "/nl/zelfstandig-worden/grenzen-stellen/",
        "en": "/en/becoming-independent/setting-boundaries/",
        "ar": "/ar/اكتساب-الاستقلالية/وضع-الحدود/",
    },
    "search": {
        "nl": "/nl/zoeken/?q=grenzen",
        "en": "/en/search/?q=boundaries",
        "ar": "/ar/search/?q=حدود",
    },
    "no-results": {
        "nl": "/nl/zoeken/?q=xyzzyqwv",
        "en": "/en/search/?q=xyzzyqwv",
        "ar": "/ar/search/?q=xyzzyqwv",
    },
    "404": {
        "nl": "/nl/deze-pagina-bestaat-niet/",
        "en": "/en/this-page-does-not-exist/",
        "ar": "/ar/صفحة-غير-موجودة/",
    },
}
STATUS = {"404": 404}
CASES = [(kind, language) for kind in PAGES for language in ("nl", "en", "ar")]

_axe = Axe()


def url(kind, language):
    return quote(PAGES[kind][language], safe="/?=&")


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def assert_no_violations(page):
    results = _axe.run(page).response
    assert len(results["passes"]) > 10, "axe-core did not run its rules"
    violations = results["violations"]
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on {page.url}:\n{describe(violations)}"
    )


@pytest.mark.parametrize(("kind", "language"), CASES, ids=[f"{k}-{lang}" for k, lang in CASES])
def test_no_axe_violations(new_page, kind, language):
    page = new_page(language)
    response = page.goto(url(kind, language))
    assert response.status == STATUS.get(kind, 200), f"{page.url} answered {response.status}"
    assert page.evaluate("document.documentElement.lang") == language
    if kind == "search":
        assert page.locator(".search-result").count() > 0, f"{page.url} found nothing"
    if kind == "no-results":
        assert page.locator(".no-results").count() == 1
    if kind == "attitude":
        assert page.locator(".example").count() >= 2 and page.locator(".exercise").count() >= 1

    assert page.locator("main h1").count() == 1, f"{page.url} has no main heading of its own"
    assert_no_violations(page)
