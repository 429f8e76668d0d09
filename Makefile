# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test lint format install install-dev migrate seed clean messages messages-update bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	@touch $(VENV)/.runtime $@

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

## make messages: compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into .mo files
# The .mo files are built here, never committed. compilemessages skips a catalogue whose .mo is
# newer; the virtualenv's own catalogues (Django's, compiled already) are left alone.
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=$(VENV) --verbosity=0

## make messages-update: add the code's new strings to every catalogue, for the translators
# No source locations in the catalogues: a moved line would otherwise change every one.
messages-update: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --all --no-location --no-obsolete \
		--ignore=$(VENV) --ignore=tests --ignore=benchmarks --ignore=staticfiles --ignore=media

## make run: set everything up on SQLite with demo content and serve http://127.0.0.1:8000/
run: export DJANGO_DEBUG ?= 1
run: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: set up the dev environment and run the whole suite, browser tests included
# In parallel (pytest-xdist), one worker per core of the reference machine. loadgroup keeps the
# browser tests on one worker. Each worker has its own test database and Redis database (see
# clinic_site/settings/test.py), which is why the count is fixed rather than "auto".
TEST_WORKERS ?= 2
test: install-dev messages
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## make bench: how fast the site serves its pages (wrk against the production stack, ~4 min)
# Not a test: neither `make test` nor CI runs it. BASELINE=main also measures another commit in
# the same run (a temporary git worktree); BENCH_ARGS passes more options (--seconds 10, --json
# FILE, --workers 3, --servers 2: see benchmarks/bench.py). DATABASE_URL and REDIS_URL: ones
# to throw away.
bench: install
	@command -v wrk >/dev/null || { echo "wrk not found: install it (apt-get install -y wrk)"; exit 1; }
	$(BIN)/python benchmarks/bench.py $(if $(BASELINE),--baseline $(BASELINE)) $(BENCH_ARGS)

## make lint: what CI checks besides the tests
# djhtml only reads HTML: re-indenting a plain-text email template would change the email.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(find templates -name '*.html' | sort)

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(find templates -name '*.html' | sort)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
