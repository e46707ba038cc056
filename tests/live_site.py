"""The real site in a subprocess, with Varnish in front, for tests that need a running server
(the browser tests, the HTTP cache tests).

The site runs under `kennisbank.settings.production` (DEBUG off, so the 404 page is ours and the
static files are the hashed, compressed ones whitenoise serves in production) with test-only
differences made by a settings module written to a temporary directory: STATIC_ROOT is that
directory (collectstatic never touches the checkout), plain HTTP (SECURE_SSL_REDIRECT=0) and
127.0.0.1/localhost as allowed hosts. Varnish (kennisbank/caching/varnish.vcl) runs in front of
it; the site's public origin is Varnish's address, so the pages it purges are the ones Varnish
keeps.

Its database is its own, never pytest-django's test database (the server cannot see a
transaction held open by a test): a database `<the suite's database>_live` on the suite's
PostgreSQL server (DATABASE_URL's or the embedded one; with pytest-xdist one per worker, e.g.
`kennisbank_live_gw1`), dropped and created for each run, or a temporary SQLite file when the
suite runs on SQLite.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .varnish import free_port, running_varnish

PROJECT = Path(__file__).resolve().parent.parent
PURPOSE = "live"

SETTINGS_MODULE = '''"""Written by tests/live_site.py: production settings, static files in a temp dir."""
from kennisbank.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
'''


# For `manage.py shell -c` in a site's environment: an image uploaded into its database and media
# folder, as the admin's form stores one; prints the address of a 160×120 rendition.
UPLOAD_IMAGE = """
import io
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
buffer = io.BytesIO()
PILImage.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "PNG")
image = Image.objects.create(title={title!r}, file=ImageFile(buffer, name="ouder-en-kind.png"))
print(image.get_rendition("fill-160x120").url)
"""


class SiteError(Exception):
    """The site could not be set up or started; the message holds the end of its log."""


@dataclass
class LiveSite:
    url: str  # the site itself
    cached_url: str  # the same site through Varnish
    env: dict
    log: Path

    def manage(self, *args, timeout=300):
        """Run a manage.py command against the site's database; returns its output."""
        return manage(self.env, *args, timeout=timeout)

    def shell(self, code):
        """Run Python in the site's Django set-up (publishing, restricting: as an editor would)."""
        return self.manage("shell", "-c", code)


def manage(env, *args, timeout=300):
    """Run a manage.py command in the environment `env`; returns its output."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise SiteError(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return result.stdout


def fresh_database_url(tmp, purpose=PURPOSE):
    """A fresh database for a site: on the suite's PostgreSQL server, named after the suite's own
    database, the purpose and the xdist worker (suites sharing a server, or workers sharing a
    suite, never drop each other's), or a temporary SQLite file."""
    from kennisbank.core.database import database_url

    url = database_url()
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / f'{purpose}.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = "_".join(filter(None, [parts.path.lstrip("/"), purpose, worker]))
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        # FORCE ends connections a previous, interrupted run may have left behind.
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url):
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parts = urlsplit(url)
    try:
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    except psycopg.Error:
        pass  # dropped again by the next run


def wait_until_serving(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SiteError(f"the server exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise SiteError(f"the server did not answer {url} within {timeout} s:\n{log.read_text()[-4000:]}")


@contextmanager
def live_site(tmp, database_url=None, workers=0, **environment):
    """Set up the seeded site in `tmp` and serve it behind Varnish: with runserver, or with
    gunicorn (gunicorn.conf.py) and that many `workers`. Its database is a fresh one on the
    suite's server unless `database_url` names another (tests/test_faults.py: a server it stops);
    `environment` adds to or overrides the site's environment (REDIS_URL, ...)."""
    (tmp / "live_settings.py").write_text(SETTINGS_MODULE.format(static_root=str(tmp / "static")))
    log = tmp / "server.log"
    port = free_port()
    with ExitStack() as stack:
        if database_url is None:
            database_url = fresh_database_url(tmp)
            stack.callback(drop_database, database_url)
        cached_url = stack.enter_context(running_varnish(port))
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(tmp), str(PROJECT)]),
            "DJANGO_SETTINGS_MODULE": "live_settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "PYTHONUNBUFFERED": "1",
            "EMAIL_URL": "console://",  # review mail goes to the server log (tests/test_mail.py sends real mail)
            "MEDIA_ROOT": str(tmp / "media"),  # uploads stay out of the checkout
            "PUBLIC_ORIGIN": cached_url,
            "VARNISH_URL": cached_url,
        }
        env.pop("REDIS_URL", None)  # the database holds the shared cache (production settings)
        env.update(environment)
        site = LiveSite(f"http://127.0.0.1:{port}", cached_url, env, log)
        # collectstatic needs no database: run it while the database is set up.
        with open(tmp / "collectstatic.log", "w", encoding="utf-8") as out:
            collect = subprocess.Popen([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                                       cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_bouwstenen"],
                        ["rebuild_search_index"]):
            site.manage(*command)
        if collect.wait(timeout=300):
            raise SiteError(f"collectstatic failed:\n{(tmp / 'collectstatic.log').read_text()[-4000:]}")
        if workers:
            env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers))
            command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "kennisbank.wsgi:application"]
        else:
            # As under `make run` (kennisbank/settings/dev.py): runserver's thread per request
            # would keep a connection per thread until it is garbage collected.
            env["CONN_MAX_AGE"] = "0"
            command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        with open(log, "a", encoding="utf-8") as out:
            server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
        stack.callback(stop, server)
        wait_until_serving(f"{site.url}/nl/", server, log)
        yield site


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
