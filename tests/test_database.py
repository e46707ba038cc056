"""Which database the suite and the site use: DATABASE_URL's, or the embedded PostgreSQL."""

import json
import os
import socket
from urllib.parse import unquote, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kennisbank.core import database


@pytest.mark.django_db
def test_the_suite_runs_on_the_configured_database():
    """Without DATABASE_URL it is the embedded server with its data in the checkout, never a
    server that happens to answer on 127.0.0.1:5432; with it, exactly that database."""
    url = os.environ.get("DATABASE_URL")
    if url is None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            assert cursor.fetchone()[0] == str(database.EMBEDDED_DATA)
        assert connection.settings_dict["HOST"] == str(database.EMBEDDED_DATA)
    else:
        parts = urlsplit(url)
        if parts.scheme.startswith("sqlite"):
            assert connection.vendor == "sqlite"
        else:
            assert connection.vendor == "postgresql"
            assert connection.settings_dict["HOST"] == unquote(parts.hostname or "")
            assert int(connection.settings_dict["PORT"] or 5432) == (parts.port or 5432)


def test_options_in_the_url_are_kept_next_to_prepared_statements():
    config = database.database_settings(
        "postgres://reader@db.example:6432/kennisbank?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt"
    )
    assert config["OPTIONS"] == {
        "sslmode": "verify-full", "sslrootcert": "/etc/ssl/root.crt",
        "server_side_binding": True, "prepare_threshold": 2,
    }
    assert "server_side_binding" not in database.database_settings(
        "postgres://reader@db.example/kennisbank?sslmode=require", prepared=False)["OPTIONS"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_missing_database_is_created_on_the_server(django_db_blocker):
    server = connection.settings_dict
    host = f"{server['HOST'].replace('/', '%2F')}:{server['PORT'] or 5432}"
    url = f"postgres://{server['USER']}@{host}/kennisbank_created_by_test"
    with django_db_blocker.unblock():
        try:
            assert database.ensure_database(url).startswith("Database: created kennisbank_created_by_test")
            assert database.ensure_database(url).startswith("Database: kennisbank_created_by_test on")
        finally:
            import psycopg

            with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
                admin.execute("DROP DATABASE IF EXISTS kennisbank_created_by_test")


def test_an_unreachable_server_is_one_sentence_not_a_traceback():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(ImproperlyConfigured, match=r"^Cannot reach PostgreSQL at 127\.0\.0\.1:\d+ .*DATABASE_URL\.$"):
        database.ensure_database(f"postgres://postgres@127.0.0.1:{port}/kennisbank")


def test_reset_refuses_while_the_server_is_in_use_and_removes_the_data_otherwise(tmp_path):
    data = tmp_path / "pgdata"
    data.mkdir()
    (data / "postmaster.pid").write_text("999999999\n")
    (data / ".handle_pids.json").write_text(json.dumps([os.getpid()]))
    with pytest.raises(ImproperlyConfigured, match="in use by process"):
        database.reset(data)
    assert data.exists()
    (data / ".handle_pids.json").write_text("[]")
    assert "removed" in database.reset(data)
    assert not data.exists()


def test_the_embedded_data_folder_is_dot_postgres_in_the_checkout():
    """Where the README says it is (and .gitignore leaves it out): `.postgres` beside manage.py."""
    from pathlib import Path

    checkout = Path(__file__).resolve().parent.parent
    assert database.BASE_DIR == checkout
    assert (checkout / "manage.py").exists()
    if not os.environ.get("EMBEDDED_POSTGRES_DATA"):
        assert database.EMBEDDED_DATA == checkout / ".postgres"
