"""Chromium looking at the real site (tests/live_site.py: production settings, its own database).

The browser fixtures are package-scoped, so Chromium lives exactly as long as the browser tests
run. That matters when the whole suite runs in one pytest process: Playwright's sync API keeps an
asyncio event loop marked as running in the main thread while it is started, and Django refuses
database access from such a thread (SynchronousOnlyOperation), so Playwright must be stopped
before the other tests use the database. No browser test requests `db`.
"""

import json
import os
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCALES = {"nl": "nl-NL", "en": "en-GB", "ar": "ar"}
MOBILE = {"width": 390, "height": 844}

# The attitude every browser test visits: block 4 ("Zelfstandig worden"), seed key 4.8.
ATTITUDE = {
    "nl": "Duidelijke grenzen stellen",
    "en": "Setting clear boundaries",
    "ar": "وضع حدود واضحة",
}


@pytest.fixture(scope="package")
def site_url(live_site):
    """Base URL (no trailing slash) of the seeded site, served under production settings."""
    return live_site.url


@pytest.fixture(scope="package")
def manage(live_site):
    """Run a manage.py command against the served site's database; returns its output."""
    return live_site.manage


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make system-packages` installs Debian's Chromium")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_page(browser, site_url):
    """Open a page in a fresh context: `new_page("ar", viewport=MOBILE)`. Contexts close after the test."""
    contexts = []

    def open_page(language="nl", **options):
        context = browser.new_context(base_url=site_url, locale=LOCALES[language], **options)
        # Generous: on a 2-core machine the live server, Chromium and PostgreSQL share the CPU,
        # and an admin action that publishes through a workflow once took longer than 10 s.
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A Dutch-speaking browser tab on the site; `page.goto("/nl/")` works (base URL set)."""
    return new_page("nl")


# The editors' accounts, made once with `manage.py create_editor` as the README tells.
ROLES = {"redacteur": "editor", "eindredacteur": "final-editor", "vertaalredacteur": "final-editor"}


@pytest.fixture(scope="package")
def passwords(manage):
    found = {}
    for name, role in ROLES.items():
        output = manage("create_editor", name, "--role", role, "--email", f"{name}@example.org")
        found[name] = re.search(r"Password: (\S+)", output).group(1)
    return found


@pytest.fixture(scope="package")
def page_ids(manage):
    output = manage("shell", "-c", "import json; from wagtail.models import Page; "
                    "print(json.dumps({p.title_nl: p.id for p in Page.objects.filter(depth__gte=2)}))")
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def admin(new_page, passwords):
    """A browser tab logged in to the admin: `admin("redacteur")`."""

    def log_in(name):
        tab = new_page("nl")
        tab.goto("/admin/login/")
        tab.fill("input[name=username]", name)
        tab.fill("input[name=password]", passwords[name])
        tab.click("button[type=submit]")
        tab.wait_for_url("**/admin/")
        return tab

    return log_in
