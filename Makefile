# E-cirkel. `make run` serves the demo; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# manage.py has no default settings module: every target names its own.
DEV := DJANGO_SETTINGS_MODULE=ecirkel.settings.dev

.PHONY: run test bench bench-sharing lint format lock messages translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package, with the hashes the package index serves; pip
# installs exactly those files and nothing they do not list. Stamp files: reinstall
# only when a lock file changes. `make lock` remakes the locks from requirements*.txt.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.lock
	touch $@

$(VENV)/.dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $(VENV)/.runtime $@

# Keeps the pins already in the locks where requirements*.txt allow them;
# `make lock UPGRADE=--upgrade` moves every unpinned dependency to its newest release.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(UPGRADE)
lock: $(VENV)/.dev
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

translations: $(VENV)/.runtime
	$(BIN)/pybabel compile --domain django --directory locale --statistics

# The import worker (README, "Importing in the admin") runs beside the server and is
# stopped with it, however the server ends.
run: $(VENV)/.runtime translations
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) load_demo
	@echo "Serving E-cirkel on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(DEV) $(MANAGE) db_worker --backend imports --queue-name '*' --no-reload -v0 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM HUP; \
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev translations
	DJANGO_SETTINGS_MODULE=ecirkel.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=ecirkel.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=ecirkel.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Progress reports on a large generated dataset (5 000 learners, 300 activities,
# 1 000 000 statements by default) in its own SQLite file, or on BENCH_DATABASE_URL.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/bench.sqlite3
BENCH_SIZE ?= --learners 5000 --activities 300 --events 1000000
# generate_progress_data builds its course with the test factories (requirements-dev).
bench: $(VENV)/.dev translations
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --noinput -v0
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) load_demo -v0
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) generate_progress_data --clear
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) generate_progress_data $(BENCH_SIZE)
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/progress_reports.py
	$(MAKE) bench-sharing

# Sharing a course with a 1 GB video: export and import each with peak RSS < 200 MB
# (bench/sharing_memory.py; its own scratch databases and media folders).
bench-sharing: $(VENV)/.dev translations
	$(DEV) $(BIN)/python bench/sharing_memory.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files '*.html')
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files '*.html')

# Needs GNU gettext (xgettext); only for developers who change UI strings.
messages: $(VENV)/.dev
	$(DEV) $(MANAGE) makemessages --locale sv --locale en --no-location --ignore '.venv/*' --ignore 'static/*'

clean:
	rm -rf $(VENV) db.sqlite3 static
