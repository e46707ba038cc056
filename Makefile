# Two commands matter: `make run` (set up and serve the site on SQLite with the seed content)
# and `make test` (install what the tests need and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install install-test browser lint checks bench search-bench load-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_bouwstenen
	$(MANAGE) rebuild_search_index
	$(MANAGE) create_local_admin
	$(MANAGE) runserver 127.0.0.1:8000

lint: install-test
	$(BIN)/ruff check .

checks: install-test
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m scripts.check_catalogues

test: install-test browser checks
	$(BIN)/python -m pytest --ds=kennisbank.settings.test $(PYTEST_ARGS)

# On-demand benchmarks (PostgreSQL; not part of CI's timing).
bench: install-test
	$(BIN)/python -m scripts.bench_site

load-test: install-test
	$(BIN)/python -m scripts.load_test

search-bench: install-test
	$(BIN)/python -m scripts.bench_search

clean:
	rm -rf $(VENV) db.sqlite3 static
