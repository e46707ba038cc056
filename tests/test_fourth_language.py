"""The README's steps to add a fourth language work, end to end, on a copy of the project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_adding_a_fourth_language(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv*", ".git", ".postgres", "db.sqlite3", "static", "media", "__pycache__", "docs"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kennisbank.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Step 1 of the README, as an environment line instead of an edit of settings/base.py.
        "KENNISBANK_EXTRA_LANGUAGES": "de:Deutsch",
    }

    def manage(*args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=project, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        return result.stdout

    # Step 2: the migration modeltranslation generates for the new columns.
    assert "goal_de" in manage("makemigrations", "kennisbank", "home", "kennisbank_search")
    manage("migrate", "--noinput")
    assert "de" in manage("index_slugs").split(": ")[-1]
    # Step 3 (optional): seed data; pages without German text fall back to Dutch.
    manage("load_bouwstenen")
    out = manage("shell", "-c", (
        "from django.test import Client; c = Client(); r = c.get('/de/basisveiligheid/', HTTP_HOST='localhost');"
        "print(r.status_code, 'lang=\"de\"' in r.content.decode(), 'meer Basisveiligheid' in r.content.decode())"
    ))
    assert out.strip().splitlines()[-1] == "200 True True"
