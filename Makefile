# cchc — two commands: `make run` (set up everything, serve the demo) and `make test`.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := $(UV) run --frozen python
HOST ?= 0.0.0.0
PORT ?= 8000
DEB_PACKAGES := chromium wrk nginx-light
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
export CCHC_DEMO ?= 1

.PHONY: help run test test-pg lint format bench lighthouse setup deps debs

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# uv for the current user when it is missing (PEP 668 systems need --break-system-packages).
$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet --user --break-system-packages uv

deps: $(UV) ## Install Python packages from uv.lock into .venv
	$(UV) sync --frozen

debs: ## Install the Debian packages the tests and benchmarks need (chromium, wrk, nginx)
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: deps ## venv, migrations, static files, demo data (idempotent)
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py demo_load

run: setup ## Set up everything and serve the demo communes (web + task worker); Ctrl-C stops both
	@bash scripts/run.sh $(HOST) $(PORT)

test: deps debs ## Run the whole suite (unit, integration, browser) on SQLite
	$(PY) manage.py makemigrations --check --dry-run
	$(UV) run --frozen pytest -n 2 --dist loadgroup

test-pg: deps debs ## Run the suite against PostgreSQL (DATABASE_URL must point at a server)
	$(UV) run --frozen pytest -n 2 --dist loadgroup -m "not browser"

lint: deps ## ruff check, format check and the import contracts (layers, decision 0015)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports --no-cache

format: deps ## Apply ruff fixes and formatting
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: deps debs $(LIGHTHOUSE) ## Benchmarks: req/s and latency of the portal vs minimal Django and nginx; Lighthouse
	$(PY) bench/run.py
	$(PY) bench/lighthouse.py

# Lighthouse from npm (Node.js >= 18), pinned by bench/lighthouse/package-lock.json; installed
# again when the lock changes.
$(LIGHTHOUSE): bench/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js >= 18 (Debian: nodejs npm)"; exit 2; }
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: deps debs $(LIGHTHOUSE) ## Lighthouse (mobile) scores of home, section, article, procedures, search
	$(PY) bench/lighthouse.py
