# Hyōka — the two commands are `make run` and `make test`; everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages the product needs: Pango (WeasyPrint), a Japanese font, Graphviz,
# GNU gettext (compilemessages) and Chromium with its driver (browser tests); IPAmj Mincho
# for the characters IPAex lacks (𠮷) and poppler-utils (pdftotext/pdftoppm in the document tests).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-ipaexfont graphviz gettext chromium poppler-utils fonts-ipamj-mincho
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-packages venv run test lint bench migrations-check api-fuzz wheel-check html-check ci clean

setup: system-packages venv ## install what is missing, nothing else

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

# requirements.lock: the runtime packages; requirements-dev.lock adds tests and linters. Both
# are exact versions with hashes (pip refuses any other file).
$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required" >&2; exit 1; }
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

run: setup ## migrate, load the legal catalog and demo data, run the daily jobs, serve on 127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@# No Celery beat without a broker: the daily jobs (reminders, closing expired comment
	@# periods) run now, and again each new day while the server runs.
	$(PY) manage.py run_scheduled_jobs
	@$(PY) manage.py run_scheduled_jobs --daily & jobs=$$!; trap 'kill $$jobs 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# PYTEST_ARGS narrows or extends a run: make test PYTEST_ARGS="tests/audit -x"
test: setup ## the whole test suite on the embedded default (SQLite, eager Celery)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: setup ## ruff (lint and format) and mypy; runs all three, fails if any fails
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy compliance || status=1; \
	exit $$status

bench: setup
	@# LibreOffice (bench/bench_documents.py compares Hyōka's PDF with its .docx → PDF conversion).
	@dpkg-query -W -f='$${Status}' libreoffice-writer-nogui 2>/dev/null | grep -q "install ok installed" || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui; }
	$(PY) -m bench

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

# Schemathesis and openapi-spec-validator (in var/fuzz-venv) against a live runserver;
# FUZZ_EXAMPLES bounds the examples per operation (default 25).
api-fuzz: setup ## the API against its OpenAPI document: 0 server errors, 0 violations, 0 undocumented statuses
	bash .ci/api-fuzz

html-check: setup ## the Nu HTML Checker (vnu-jar, Java) on the main pages: 0 errors
	bash .ci/html-check

wheel-check: ## build the wheel, install it in a fresh venv, run check/check_declaration/load_catalog from it
	bash .ci/wheel-check

ci: ## what CI runs: make test, the suite on PostgreSQL + Redis, migrations/deploy checks, lint
	bash .ci/run

clean:
	rm -rf $(VENV) var test-artifacts
