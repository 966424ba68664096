# E-cirkel. `make run` serves the demo; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# manage.py has no default settings module: every target names its own.
DEV := DJANGO_SETTINGS_MODULE=ecirkel.settings.dev

.PHONY: run test bench bench-tools bench-capacity bench-reports bench-sharing lint format lock messages translations clean

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

# The load benchmark (README, "Performance"; bench/run.py): the production settings
# under gunicorn on loopback, learner pages and the two references under wrk, on the
# demo plus the scale data (generated once into var/bench/, or on BENCH_DATABASE_URL).
# BENCH_FULL=1: the issue's 5 rounds of 15 s; BENCH_ROUNDS, BENCH_SECONDS, BENCH_SCALE
# (generate_scale_data options, e.g. "--courses 2 --learners 500 --events 50000").
# Needs only requirements.lock (what `make run` installs) and wrk, which bench-tools
# installs from Debian when it is missing.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench/bench.sqlite3
bench: $(VENV)/.runtime translations bench-tools
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py
	$(MAKE) bench-reports
	$(MAKE) bench-sharing

bench-tools:
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian package)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; \
	  else sudo apt-get install -y -q wrk; fi; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "Installing nginx (Debian package)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q nginx || { apt-get update -q && apt-get install -y -q nginx; }; \
	  else sudo apt-get install -y -q nginx; fi; }

# Capacity: CAPACITY_LEARNERS (3000) learners at once, each thinking 30–90 s between
# pages, for CAPACITY_SECONDS (600) through nginx (deploy/nginx.conf.template) to the
# same gunicorn as `make bench`, on the same data (bench/capacity.py). Needs nginx and
# wrk, which bench-tools installs from Debian when they are missing.
bench-capacity: $(VENV)/.runtime translations bench-tools
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/capacity.py

# Progress reports and exports on the same scale data, timed one request at a time
# through Django's test client (bench/progress_reports.py).
bench-reports: $(VENV)/.runtime translations
	$(DEV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/progress_reports.py

# Sharing a course with a 1 GB video: export and import each with peak RSS < 200 MB
# (bench/sharing_memory.py; its own scratch databases and media folders).
bench-sharing: $(VENV)/.runtime translations
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
