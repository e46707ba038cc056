"""Several real gunicorn workers agree on access and on routing (issue 15, item 2).

What the Dockerfile runs: kennisbank.settings.production under gunicorn.conf.py, three sync
workers, no REDIS_URL (so the shared cache is the database's cache table), on a PostgreSQL
database of the test's own (`kennisbank_trust` on the suite's server), created, migrated and
seeded through manage.py. Changes are made through the ORM in another process
(`manage.py shell`), as an editor's publish in the admin would be, never in a worker.

Test-only differences, in a settings module written to a temporary folder: plain HTTP
(SECURE_SSL_REDIRECT=0) and static files without the manifest (tests/test_static_files.py
covers those). gunicorn's access log names the worker (pid) that answered each request, so the
tests can show that every worker was asked.
"""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from .live_site import drop_database, fresh_database_url
from .varnish import free_port

# One worker under pytest-xdist sets the module's site up (site_env) and runs all its tests.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("trust_workers")]

PROJECT = Path(__file__).resolve().parent.parent
WORKERS = 3
REQUESTS = 60

SETTINGS = '''"""Written by tests/test_trust_workers.py: production settings, static files without a manifest."""
from kennisbank.settings.production import *  # noqa: F403

STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"
STORAGES = {{**STORAGES, "staticfiles": {{"BACKEND": STATIC_FILES}}}}  # noqa: F405
{extra}
'''
VARIANTS = {
    "trust_settings": "",
    # Set-ups gunicorn.conf.py must refuse.
    "trust_settings_locmem": 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}',
    "trust_settings_no_cache_table": 'CACHES["default"]["LOCATION"] = "no_such_cache_table"  # noqa: F405',
}


def manage(env, *args, code=None):
    """A manage.py command in the site's environment; `code` runs in `manage.py shell`."""
    command = [sys.executable, "manage.py", *args] + (["shell", "-c", code] if code else [])
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command[1:4])} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trust-site")
    for module, extra in VARIANTS.items():
        (tmp / f"{module}.py").write_text(SETTINGS.format(extra=extra))
    database_url = fresh_database_url(tmp, "trust")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp), str(PROJECT)]),
        "DJANGO_SETTINGS_MODULE": "trust_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "trust-test-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
        "TMP": str(tmp),
    }
    for name in ("REDIS_URL", "VARNISH_URL", "GUNICORN_WORKERS", "GUNICORN_BIND", "GUNICORN_ACCESSLOG"):
        env.pop(name, None)
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "load_bouwstenen", "-v0")
        yield env
    finally:
        drop_database(database_url)


class Site:
    """gunicorn serving the site; `get()` many paths at once, `pids()` of the workers that answered."""

    def __init__(self, env, workers, **extra_env):
        self.port = free_port()
        self.cookies = {}
        self.log = Path(env["TMP"]) / f"access-{self.port}.log"
        self.errors = Path(env["TMP"]) / f"gunicorn-{self.port}.log"
        env = {**env, **extra_env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers),
               "GUNICORN_ACCESSLOG": str(self.log)}
        with open(self.errors, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                 "--access-logformat", "%(p)s %(s)s %(U)s", "kennisbank.wsgi:application"],
                cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )

    def wait_until_serving(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.errors.read_text()[-4000:]}"
            try:
                if self.request("/nl/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"gunicorn did not serve within {timeout} s:\n{self.errors.read_text()[-4000:]}")

    def request(self, path, method="GET", body=None, headers=None):
        """One request on a connection of its own: (status, Location, body)."""
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";")[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.getheader("Location"), response.read().decode()
        finally:
            connection.close()

    def get(self, path, times=REQUESTS):
        """`times` requests for `path`, nine at a time, so that every worker gets some."""
        with ThreadPoolExecutor(max_workers=9) as pool:
            return list(pool.map(self.request, [path] * times))

    def pids(self, path):
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return {line.split()[0] for line in lines if line.split()[2:3] == [path]}

    def warm(self, path, workers=WORKERS):
        """Ask for `path` until every worker has answered it (so each has its caches filled)."""
        for _ in range(10):
            assert all(status == 200 for status, _location, _body in self.get(path, 30))
            if len(self.pids(path)) == workers:
                return
        pytest.fail(f"not every worker answered {path}: {self.pids(path)}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(site_env):
    started = []

    def start(workers=WORKERS, **extra_env):
        site = Site(site_env, workers, **extra_env)
        started.append(site)
        return site.wait_until_serving()

    yield start
    for site in started:
        site.stop()


PAGE_INFO = """
import json
from kennisbank.content.models import AttitudePage, ContentPage
page = AttitudePage.objects.get(seed_key={key!r})
standing = ContentPage.objects.order_by("path").first()
print(json.dumps({{"id": page.id, "url": page.url, "title": page.title_nl, "block": page.get_parent().id,
                  "standing_title": standing.title_nl, "standing_id": standing.id}}))
"""

RESTRICT = """
from wagtail.models import Page, PageViewRestriction
for page_id in {ids!r}:
    PageViewRestriction.objects.create(page=Page.objects.get(id=page_id), restriction_type=PageViewRestriction.LOGIN)
"""

RESTRICT_WITH_PASSWORD = """
from wagtail.models import Page, PageViewRestriction
restriction = PageViewRestriction.objects.create(
    page=Page.objects.get(id={id}), restriction_type=PageViewRestriction.PASSWORD, password={password!r})
print(restriction.id)
"""

RENAME_BLOCK = """
from kennisbank.content.models import BlockPage
block = BlockPage.objects.get(id={id})
block.title_nl, block.slug_nl = "Hernoemde bouwsteen", "hernoemde-bouwsteen"
block.save_revision().publish()
"""


def footer_links(html):
    return [item.get_text(strip=True) for item in BeautifulSoup(html, "html.parser").select(".site-footer li")]


def page_info(env, key):
    return json.loads(manage(env, code=PAGE_INFO.format(key=key)).strip().splitlines()[-1])


def test_a_restriction_made_in_another_process_is_enforced_by_every_worker(serve, site_env):
    site = serve()
    page = page_info(site_env, "4.8")
    site.warm(page["url"])
    site.warm("/nl/")
    assert page["standing_title"] in footer_links(site.request("/nl/")[2])
    manage(site_env, code=RESTRICT.format(ids=[page["id"], page["standing_id"]]))

    answers = site.get(page["url"])
    served = sum(page["title"] in body for _status, _location, body in answers)
    assert served == 0, f"{served} of {REQUESTS} anonymous requests got the restricted page"
    assert all(status == 302 and "/_util/login/" in location for status, location, _body in answers)
    assert len(site.pids(page["url"])) == WORKERS
    # The footer, which each worker keeps between requests, drops the restricted standing page.
    footers = [footer_links(body) for _status, _location, body in site.get("/nl/")]
    assert all(footer and page["standing_title"] not in footer for footer in footers)


def test_a_renamed_block_is_routed_by_every_worker_on_its_next_request(serve, site_env):
    site = serve()
    page = page_info(site_env, "2.3")
    site.warm(page["url"])
    manage(site_env, code=RENAME_BLOCK.format(id=page["block"]))
    new_url = page_info(site_env, "2.3")["url"]
    assert new_url.startswith("/nl/hernoemde-bouwsteen/")

    answers = site.get(new_url)
    assert [status for status, _location, _body in answers] == [200] * REQUESTS
    assert all(page["title"] in body for _status, _location, body in answers)
    assert len(site.pids(new_url)) == WORKERS
    # The old address redirects to the new one on every worker.
    assert {(status, location) for status, location, _body in site.get(page["url"], 30)} == {(301, new_url)}


def test_wrong_page_passwords_lock_out_across_workers(serve, site_env):
    site = serve()
    page = page_info(site_env, "1.4")
    password = "the-right-password-2024"
    restriction = manage(site_env, code=RESTRICT_WITH_PASSWORD.format(id=page["id"], password=password)).split()[-1]
    form = BeautifulSoup(site.request(page["url"])[2], "html.parser").select_one("form[method=post i]")
    action = f"/nl/_util/authenticate_with_password/{restriction}/{page['id']}/"
    assert form["action"] == action

    def attempt(guess):
        fields = {"csrfmiddlewaretoken": form.select_one("[name=csrfmiddlewaretoken]")["value"],
                  "password": guess, "return_url": page["url"]}
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": "; ".join(f"{name}={value}" for name, value in site.cookies.items())}
        return site.request(action, "POST", urlencode(fields), headers)[0]

    limit = 5  # AXES_FAILURE_LIMIT in settings/base.py
    # The first wrong guesses go two at a time, so that they reach different workers (a sync
    # worker busy with one cannot take the other); the rest one by one, in order.
    with ThreadPoolExecutor(2) as pool:
        statuses = [status for pair in range(2)
                    for status in pool.map(attempt, [f"guess-{pair}a", f"guess-{pair}b"])]
    statuses += [attempt(f"guess-{n}") for n in range(16)]
    assert statuses == [200] * (limit - 1) + [429] * (20 - limit + 1)
    assert attempt(password) == 429
    assert len(site.pids(action)) > 1  # the attempts reached several workers


def test_without_a_reachable_shared_cache_pages_render_and_restrictions_hold(serve, site_env):
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    site = serve(workers=2, REDIS_URL=closed)
    assert "does not answer" in site.errors.read_text()
    env = {**site_env, "REDIS_URL": closed}
    page = page_info(env, "3.2")
    site.warm(page["url"], workers=2)
    manage(env, code=RESTRICT.format(ids=[page["id"]]))
    answers = site.get(page["url"])
    assert not any(page["title"] in body for _status, _location, body in answers)
    assert {status for status, _location, _body in answers} == {302}


@pytest.mark.parametrize(("settings_module", "message"), [
    ("trust_settings_locmem", "GUNICORN_WORKERS=1"),
    ("trust_settings_no_cache_table", "createcachetable"),
])
def test_gunicorn_refuses_a_set_up_that_cannot_work(site_env, settings_module, message):
    site = Site({**site_env, "DJANGO_SETTINGS_MODULE": settings_module}, WORKERS)
    try:
        assert site.process.wait(timeout=120) != 0
    finally:
        site.stop()
    assert message in site.errors.read_text()
