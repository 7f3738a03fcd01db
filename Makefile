# SocialU — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run

.PHONY: demo test install system-libs browser test-tools proxy lint format check-types test-sqlite test-postgres bench clean

# Find a Python matching .python-version: pyenv's first, then python3.13 on PATH.
BASE_PYTHON := $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python) $(shell command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null | sed 's|$$|/versions/$(PYTHON_VERSION)/bin/python|') $(shell command -v python3.13 || command -v python3.12))

$(PY):
	@test -n "$(BASE_PYTHON)" || { echo "Python $(PYTHON_VERSION) not found: install it with pyenv (pyenv install $(PYTHON_VERSION)) or your package manager."; exit 1; }
	$(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) system-libs

# WeasyPrint (certificates, the strategy document as PDF) needs Pango and a font.
system-libs:
	@{ ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; } || { \
	  echo "Installing Pango and fonts for WeasyPrint from Debian's packages…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; fi; }

# Debian's Chromium drives the browser tests; Playwright cannot download one here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian's packages…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; fi; }

# axe-core for the accessibility crawl, from the npm registry at the version package-lock.json pins.
# The tests read it from node_modules/: nothing is fetched while they run.
test-tools:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm from Debian's packages…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --loglevel=error

# nginx (and openssl for its self-signed certificate) from Debian's packages: the deployment
# tests run the guide's nginx site in front of a real `socialu serve`. pg_dump comes with
# PostgreSQL's client tools, for `socialu backup` on PostgreSQL.
proxy:
	@{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } && command -v openssl >/dev/null 2>&1 || { \
	  echo "Installing nginx and openssl from Debian's packages…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light openssl >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light openssl >/dev/null; fi; }

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports
	SOCIALU_ALLOW_DEVELOPMENT_KEY=1 $(VENV)/bin/mypy src tests bench

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

test-sqlite: install browser test-tools proxy
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: install browser test-tools proxy
	@if [ -n "$$DATABASE_URL" ]; then echo "Running the suite again on $$DATABASE_URL"; $(PY) -m pytest; \
	else echo "DATABASE_URL is not set: skipping the PostgreSQL run."; fi

test: lint test-sqlite test-postgres

demo: install
	SOCIALU_HTTPS=false SOCIALU_ALLOW_DEVELOPMENT_KEY=1 $(VENV)/bin/socialu migrate --noinput
	SOCIALU_HTTPS=false SOCIALU_ALLOW_DEVELOPMENT_KEY=1 $(VENV)/bin/socialu demo

bench: install
	$(PY) -m bench.roster_import --rows 100000

clean:
	rm -rf $(VENV) var node_modules .mypy_cache .ruff_cache .pytest_cache
