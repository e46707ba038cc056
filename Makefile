# Two commands matter: `make run` (set up and serve the site with the seed content) and
# `make test` (install what the tests need and run the whole suite). Without DATABASE_URL both
# use the embedded PostgreSQL (kennisbank/core/database.py); `make reset` starts over.
SHELL := /bin/bash
PYTHON ?= python3
# Another Python gets its own environment: make test PYTHON=python3.13 VENV=.venv-3.13
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Where `make run` serves: make run ADDRESS=127.0.0.1:8001
ADDRESS ?= 127.0.0.1:8000
# The lock files (README "Dependencies"): exact versions with hashes of everything installed.
LOCK_PRODUCTION := requirements/production.txt
LOCK_DEV := requirements/dev.txt
LOCK_TEST := requirements/test.txt
# The tool that makes them (`make lock`), itself installed from a lock with hashes.
UV_VERSION := 0.13.8
LOCK_UV := requirements/uv.txt
# pip's output folded into one progress line; errors still come through in full.
PIP_PROGRESS := 2>&1 | awk '/^(Collecting|Downloading|Installing|Building)/ {printf "\r  %-70.70s", $$0; fflush(); next} /ERROR|error:/ {print "\n" $$0; next} END {printf "\r%-72s\r", ""}'

.PHONY: run test manage install install-test system-packages lint checks database lock reset bench search-bench search-eval load-test clean

# The Python versions the lock files serve and CI tests (3.11 and 3.13).
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11, 3.12 or 3.13 is needed: $(PYTHON) was not found (name another with PYTHON=python3.12)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || { echo "Python 3.11, 3.12 or 3.13 is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1). Name another: make $(or $(MAKECMDGOALS),run) PYTHON=python3.12"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "$(PYTHON) cannot make a virtual environment; on Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }

# Exactly the locked versions, each file checked against its hash (pip refuses anything else).
$(VENV)/.installed-dev: $(LOCK_DEV) | $(BIN)/python
	@echo "Installing the site's dependencies from $(LOCK_DEV) (1–4 minutes the first time)..."
	@set -o pipefail; $(BIN)/python -m pip install --disable-pip-version-check --require-hashes -r $(LOCK_DEV) $(PIP_PROGRESS)
	@touch $@

# The test lock holds everything the dev lock does, at the same versions.
$(VENV)/.installed-test: $(LOCK_TEST) | $(BIN)/python
	@echo "Installing the site's and the tests' dependencies from $(LOCK_TEST) (2–5 minutes the first time)..."
	@set -o pipefail; $(BIN)/python -m pip install --disable-pip-version-check --require-hashes -r $(LOCK_TEST) $(PIP_PROGRESS)
	@touch $(VENV)/.installed-dev $@

$(VENV)/.installed-uv: $(LOCK_UV) | $(BIN)/python
	@$(BIN)/python -m pip install --disable-pip-version-check --quiet --require-hashes -r $(LOCK_UV)
	@touch $@

install: $(VENV)/.installed-dev

install-test: $(VENV)/.installed-test

# Debian's Chromium (browser tests: Playwright's own download cannot work here), Varnish (the
# HTTP cache the tests start), redis-server (the fault tests stop and freeze one), and what exercise sheets need: Pango and HarfBuzz for WeasyPrint,
# fonts with Arabic (fonts-noto-core), poppler-utils to read the PDFs in tests. Installed where
# missing when make runs as root; anyone else is told the one command to run.
SYSTEM_PACKAGES := chromium varnish redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils
system-packages:
	@if ! command -v dpkg >/dev/null; then \
	  for tool in chromium varnishd redis-server pdftoppm; do command -v $$tool >/dev/null || test -x /usr/sbin/$$tool || test -x /usr/bin/$$tool || missing="$$missing $$tool"; done; \
	  if [ -n "$$missing" ]; then echo "The tests need Chromium, Varnish, Pango, HarfBuzz, Noto fonts with Arabic and poppler-utils; missing here:$$missing (install them with your system's package manager)."; exit 1; fi; \
	  exit 0; fi; \
	missing=""; for package in $(SYSTEM_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "The tests need Debian packages that are missing:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; fi; \
	echo "Installing Debian packages:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

# Makes sure the database exists (creating it on DATABASE_URL's server if needed), in one line.
database:
	@$(BIN)/python -m kennisbank.core.database

# One process starts the database, prepares the site (kennisbank/setup/) and serves it; however it
# ends, the database stops with it.
run: install
	@$(BIN)/python -m kennisbank.setup.run $(ADDRESS)

# Any manage.py command in the virtual environment: make manage ARGS="create_editor jansen --role editor"
manage: install
	@$(MANAGE) $(ARGS)

lint: install-test
	@$(BIN)/ruff check .

checks: install-test database
	@$(BIN)/ruff check --quiet . && echo "ruff: clean"
	@DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) check
	@DJANGO_SETTINGS_MODULE=kennisbank.settings.test $(MANAGE) makemigrations --check --dry-run
	@$(BIN)/python -m scripts.check_catalogues

# On every core, up to four (pytest-xdist); the tests that share a costly set-up (the live site,
# a real `make run`) run on one worker each (tests/conftest.py). PYTEST_PARALLEL= runs in one process.
# The 25 slowest tests are listed at the end: where the suite's time goes, for keeping CI short.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadgroup
test: install-test system-packages checks
	@$(BIN)/python -m pytest --ds=kennisbank.settings.test --durations=25 $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Lock again after changing pyproject.toml: the test lock first (it holds everything), then the dev
# and production locks at the same versions, for every platform and Python 3.11–3.13 at once
# (--universal). Versions already locked stay unless LOCK_ARGS says otherwise:
# make lock LOCK_ARGS=--upgrade (everything) or LOCK_ARGS="--upgrade-package soupsieve".
COMPILE := UV_CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/uv pip compile --quiet --universal --generate-hashes
lock: $(VENV)/.installed-uv
	@$(COMPILE) pyproject.toml --extra embedded --extra test $(LOCK_ARGS) -o $(LOCK_TEST)
	@$(COMPILE) pyproject.toml --extra embedded -c $(LOCK_TEST) -o $(LOCK_DEV)
	@$(COMPILE) pyproject.toml -c $(LOCK_TEST) -o $(LOCK_PRODUCTION)
	@echo "uv==$(UV_VERSION)" | $(COMPILE) - -o $(LOCK_UV)
	@echo "Locked: $(LOCK_TEST), $(LOCK_DEV), $(LOCK_PRODUCTION), $(LOCK_UV)."

# Start over: drop the local data (embedded PostgreSQL, SQLite file, uploads, collected static
# files); the virtual environment stays.
reset:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m kennisbank.core.database reset; else rm -rf .postgres; fi
	@rm -rf db.sqlite3 media static && echo "Removed db.sqlite3, media/ and static/ where they existed."

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
	$(BIN)/python -m scripts.bench_search $(ARGS)

# Top-1/top-3/MRR per language on the unseen queries and the existing tables, site beside BM25.
search-eval: install-test
	$(BIN)/python -m scripts.search_eval $(ARGS)

# Everything, the virtual environment included.
clean: reset
	@rm -rf $(VENV) && echo "Removed $(VENV)."
