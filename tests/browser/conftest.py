"""The real site in a subprocess, and Chromium to look at it.

The site runs under `kennisbank.settings.production` (DEBUG off, so the 404 page is ours and the
static files are the hashed, compressed ones whitenoise serves in production) with three test-only
differences, made by a settings module written to a temporary directory: STATIC_ROOT is that
directory (collectstatic never touches the checkout), plain HTTP (SECURE_SSL_REDIRECT=0) and
127.0.0.1/localhost as allowed hosts.

Its database is its own, never pytest-django's test database (the server cannot see a
transaction held open by a test): a database `kennisbank_browser` on the suite's PostgreSQL
server (DATABASE_URL's or the embedded one), dropped and created for each run, or a temporary
SQLite file when the suite runs on SQLite.
No browser test requests `db`.

The fixtures are package-scoped, so the server and Chromium live exactly as long as the browser
tests run. That matters when the whole suite runs in one pytest process: Playwright's sync API
keeps an asyncio event loop marked as running in the main thread while it is started, and Django
refuses database access from such a thread (SynchronousOnlyOperation), so Playwright must be
stopped before the other tests use the database.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PROJECT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BROWSER_DATABASE = "kennisbank_browser"
LOCALES = {"nl": "nl-NL", "en": "en-GB", "ar": "ar"}
MOBILE = {"width": 390, "height": 844}

# The attitude every browser test visits: block 4 ("Zelfstandig worden"), seed key 4.8.
ATTITUDE = {
    "nl": "Duidelijke grenzen stellen",
    "en": "Setting clear boundaries",
    "ar": "وضع حدود واضحة",
}

SETTINGS_MODULE = '''"""Written by tests/browser/conftest.py: production settings, static files in a temp dir."""
from kennisbank.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
'''

def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args, env, log):
    """One manage.py command; its output goes to the log, and into the failure if it fails."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(args[:3])}\n")
        out.flush()
        result = subprocess.run(args, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300)
    if result.returncode:
        pytest.fail(f"{' '.join(args[1:3])} failed ({result.returncode}):\n{Path(log).read_text()[-4000:]}")


def _database_url(tmp):
    """A fresh database for the site: PostgreSQL `kennisbank_browser` or a temporary SQLite file."""
    from kennisbank.database import database_url

    url = database_url()
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        # FORCE ends connections a previous, interrupted run may have left behind.
        connection.execute(f'DROP DATABASE IF EXISTS "{BROWSER_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BROWSER_DATABASE}"')
    return urlunsplit(parts._replace(path=f"/{BROWSER_DATABASE}"))


def _drop_postgres_database(database_url):
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    maintenance = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{BROWSER_DATABASE}" WITH (FORCE)')
    except psycopg.Error:
        pass  # dropped again by the next run


def _wait_until_serving(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver exited with {process.returncode}:\n{Path(log).read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"runserver did not answer {url} within {timeout} s:\n{Path(log).read_text()[-4000:]}")


@pytest.fixture(scope="package")
def site_url(tmp_path_factory):
    """Base URL (no trailing slash) of the seeded site, served under production settings."""
    tmp = tmp_path_factory.mktemp("browser-site")
    (tmp / "browser_settings.py").write_text(SETTINGS_MODULE.format(static_root=str(tmp / "static")))
    log = tmp / "server.log"
    database_url = _database_url(tmp)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp), str(PROJECT)]),
        "DJANGO_SETTINGS_MODULE": "browser_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": "console://",  # review mail goes to the server log (tests/test_mail.py sends real mail)
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # each run gets its own, empty page cache
    manage = [sys.executable, "manage.py"]

    # collectstatic needs no database: run it while the database is migrated.
    with open(tmp / "collectstatic.log", "w", encoding="utf-8") as out:
        collect = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    _run([*manage, "migrate", "--noinput", "-v0"], env, log)
    _run([*manage, "createcachetable"], env, log)
    _run([*manage, "load_bouwstenen"], env, log)
    _run([*manage, "rebuild_search_index"], env, log)
    if collect.wait(timeout=300):
        pytest.fail(f"collectstatic failed:\n{(tmp / 'collectstatic.log').read_text()[-4000:]}")

    port = _free_port()
    with open(log, "a", encoding="utf-8") as out:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    SITE_ENVIRONMENT.update(env)
    try:
        _wait_until_serving(f"{url}/nl/", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        _drop_postgres_database(database_url)


# The served site's environment (its settings and database), for `manage` below.
SITE_ENVIRONMENT = {}


@pytest.fixture(scope="package")
def manage(site_url):
    """Run a manage.py command against the served site's database; returns its output."""

    def run(*args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=SITE_ENVIRONMENT,
                                capture_output=True, text=True, timeout=120)
        if result.returncode:
            pytest.fail(f"manage.py {args[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return result.stdout

    return run


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's Chromium")
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
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A Dutch-speaking browser tab on the site; `page.goto("/nl/")` works (base URL set)."""
    return new_page("nl")
