# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

# Where make run and make serve listen; the site's public address follows unless it is set.
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve manage test lint format install install-dev migrate seed clean messages messages-update bench bootstrap

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
run: export SITE_URL := $(SITE_URL)
run: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make serve: the production stack on this machine, in one command, until Ctrl-C
# DEBUG off; migrations, collectstatic and the demo content if the database has no articles
# (DEMO=0: none); then, under honcho (Procfile): gunicorn, the background worker, the periodic
# jobs (manage.py clock) and, when caddy is installed, the web server in front (Caddyfile),
# which serves /media/ and /static/. Without caddy gunicorn listens itself and serves the
# uploaded pictures too (DJANGO_SERVE_MEDIA, clinic_site/media.py), over plain HTTP only. A plain
# http:// SITE_URL (the default) is served without the HTTPS redirect, and emails go to the
# console; an https:// one gets a certificate and both, and needs caddy. The
# secret keys are generated once into .env (git-ignored), which honcho reads.
SITE_HOST = $(shell echo '$(SITE_URL)' | sed -E 's|^[a-z]+://([^/:]+).*|\1|')
HTTPS = $(filter https://%,$(SITE_URL))
CADDY := $(shell command -v caddy 2>/dev/null)
WEB_SOCKET := $(CURDIR)/.serve/web.sock
serve manage: export DJANGO_DEBUG := 0
serve manage: export SITE_URL := $(SITE_URL)
serve manage: export DJANGO_ALLOWED_HOSTS ?= $(SITE_HOST)
serve manage: export DJANGO_SECURE_SSL_REDIRECT ?= $(if $(HTTPS),1,0)
serve manage: export EMAIL_URL ?= $(if $(HTTPS),,console://)
serve manage: export PATH := $(CURDIR)/$(BIN):$(PATH)
serve manage: export WEB_BIND ?= $(if $(CADDY),unix:$(WEB_SOCKET),$(HOST):$(PORT))
serve manage: export UPSTREAM ?= unix/$(WEB_SOCKET)
serve manage: export SITE_ADDRESS ?= $(if $(HTTPS),$(SITE_HOST),$(SITE_URL))
serve manage: export PROXY_BIND ?= $(if $(HTTPS),0.0.0.0 [::],$(HOST))
serve manage: export DJANGO_SECURE_PROXY_SSL_HEADER ?= $(if $(CADDY),1,0)
serve manage: export CLIENT_IP_PROXY_COUNT ?= $(if $(CADDY),1,0)
serve manage: export DJANGO_SERVE_MEDIA ?= $(if $(CADDY),0,1)
serve: install messages .env
	@$(if $(HTTPS),$(if $(CADDY),,echo "caddy not found: $(SITE_URL) needs it for HTTPS; install it (apt-get install -y caddy), or serve http://$(HOST):$(PORT)"; exit 1))
	@mkdir -p .serve
	$(BIN)/honcho run python manage.py migrate --noinput
	$(BIN)/honcho run python manage.py collectstatic --noinput --verbosity 0
	$(if $(filter 0,$(DEMO)),,$(BIN)/honcho run python manage.py seed_demo --if-empty)
	@$(if $(CADDY),,echo "caddy not found: gunicorn serves the pages and the pictures itself, over plain HTTP (for HTTPS and compression: apt-get install -y caddy)")
	@echo "Serving $(SITE_URL)/ (Ctrl-C stops everything)"
	$(BIN)/honcho start $(if $(CADDY),,web worker clock)

## make manage CMD="createsuperuser": a manage.py command with make serve's settings and .env
manage: install .env
	$(BIN)/honcho run python manage.py $(CMD)

# make serve's secret keys: made once on this machine, never committed, never shared.
.env: | $(BIN)/python
	@umask 077 && $(BIN)/python -c 'import secrets; \
		[print(f"{name}={secrets.token_urlsafe(50)}") for name in ("DJANGO_SECRET_KEY", "NEWSLETTER_FORGET_KEY")]' > $@
	@echo "Wrote .env: this machine's secret keys (kept out of git; back it up with the database)."

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

## make bootstrap: rebuild static/bootstrap/css/, Bootstrap trimmed to the classes the pages use
# Committed; a test fails while it is stale (clinic_site/bootstrap.py says how it is trimmed).
bootstrap: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py trim_bootstrap

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
	rm -rf $(VENV) staticfiles .pytest_cache .serve
