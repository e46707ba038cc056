# Two commands matter: `make run` (set up and serve the site with the seed content) and
# `make test` (install what the tests need and run the whole suite). Without DATABASE_URL both
# use the embedded PostgreSQL (kennisbank/database.py); `make reset` starts over.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# pip's output folded into one progress line; errors still come through in full.
PIP_PROGRESS := 2>&1 | awk '/^(Collecting|Downloading|Installing|Building)/ {printf "\r  %-70.70s", $$0; fflush(); next} /ERROR|error:/ {print "\n" $$0; next} END {printf "\r%-72s\r", ""}'

.PHONY: run test install install-test system-packages lint checks database reset bench search-bench load-test clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "Python 3.11 is needed; $(PYTHON) is $$($(PYTHON) --version). Use: make run PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing the site's dependencies (about a minute the first time)..."
	@set -o pipefail; $(BIN)/pip install . $(PIP_PROGRESS)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installing the site's and the tests' dependencies (about a minute the first time)..."
	@set -o pipefail; $(BIN)/pip install ".[test]" $(PIP_PROGRESS)
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium (browser tests: Playwright's own download cannot work here), Varnish (the
# HTTP cache the tests start), redis-server (the fault tests stop and freeze one), and what exercise sheets need: Pango and HarfBuzz for WeasyPrint,
# fonts with Arabic (fonts-noto-core), poppler-utils to read the PDFs in tests; installed only
# where missing.
SHEET_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils
system-packages:
	@missing=""; test -x /usr/bin/chromium || missing="chromium"; command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || missing="$$missing varnish"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	for package in $(SHEET_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

# Makes sure the database exists (creating it on DATABASE_URL's server if needed), in one line.
database:
	@$(BIN)/python -m kennisbank.database

run: install database
	@$(MANAGE) migrate --noinput -v0 && echo "Database schema: up to date."
	@$(MANAGE) load_bouwstenen
	@$(MANAGE) rebuild_search_index
	@$(MANAGE) create_local_admin
	@echo "Serving http://127.0.0.1:8000/ — press Ctrl+C to stop."
	@$(MANAGE) runserver 127.0.0.1:8000

lint: install-test
	$(BIN)/ruff check .

checks: install-test database
	@$(BIN)/ruff check . && echo "ruff: clean"
	@DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) check
	@DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) makemigrations --check --dry-run
	@$(BIN)/python -m scripts.check_catalogues

test: install-test system-packages checks
	$(BIN)/python -m pytest --ds=kennisbank.settings.test $(PYTEST_ARGS)

# Start over: drop the local data (embedded PostgreSQL, SQLite file, uploads, collected static
# files); the virtual environment stays.
reset:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m kennisbank.database reset; else rm -rf .postgres; fi
	rm -rf db.sqlite3 media static

# A backup of the database (pg_dump's custom format) and the uploaded files in one dated file,
# backups/kennisbank-<date>.tar (BACKUP_DIR); restored into an empty database and media folder
# with `make restore FILE=backups/kennisbank-<date>.tar` (kennisbank/backups/archive.py).
.PHONY: backup restore
backup: install database
	@$(MANAGE) backup

restore: install database
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=backups/kennisbank-<date>.tar"; exit 1; }
	@$(MANAGE) restore "$(FILE)"

# On-demand benchmarks (PostgreSQL; not part of CI's timing).
bench: install-test
	$(BIN)/python -m scripts.bench_site

load-test: install-test
	$(BIN)/python -m scripts.load_test

search-bench: install-test
	$(BIN)/python -m scripts.bench_search

# Everything, the virtual environment included.
clean: reset
	rm -rf $(VENV)
