# Gapal — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

WEB := web
WEB_MODULES := $(WEB)/node_modules/.installed
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) \
	$(wildcard $(WEB)/*.ts $(WEB)/*.mts $(WEB)/*.mjs $(WEB)/*.json)

.PHONY: run test lint unit services clean web-test openapi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Installs what is missing, builds the dashboard if needed, then serves API + dashboard with demo data
run: $(STAMP) $(WEB)/out
	$(BIN)/gapal serve --demo --host $(HOST) --port $(PORT)

## Lint, types, architecture contracts, the front ends' checks and builds (two at a time), then
## every test (SQLite, the machine's PostgreSQL, and both front ends in Chromium: tests/e2e*)
CHECKS = lint web-test $(WEB)/out mobile-test $(MOBILE)/dist
test: $(STAMP)
	$(MAKE) -j2 --output-sync=target $(CHECKS)
	$(BIN)/pytest -n 2 --dist loadfile -q

## The dashboard (Next.js static export) that `gapal serve` mounts at /
$(WEB)/out: $(WEB_MODULES) $(WEB_SOURCES)
	cd $(WEB) && npm run build
	touch $(WEB)/out

# `npm install`, not `npm ci`: the registry lacks some other platforms' optional binaries of the
# lock, so `npm ci` refuses it. `--no-save`: install from the lock without rewriting it (it would add
# those binaries' entries, dirtying the checkout on every `make run`).
NPM_INSTALL := npm install --no-save --no-audit --no-fund
$(WEB_MODULES): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && $(NPM_INSTALL)
	touch $(WEB_MODULES)

## The dashboard's own checks: types, ESLint (with import boundaries), vitest, API client in sync
web-test: $(WEB_MODULES) $(STAMP)
	cd $(WEB) && npm run typecheck && npm run lint && npm test
	scripts/check-openapi-client

## Regenerates web/openapi.json from the backend, then the typed client web/src/api/schema.d.ts
openapi: $(WEB_MODULES) $(STAMP)
	scripts/export-openapi > $(WEB)/openapi.json
	cd $(WEB) && npm run generate:api

## The fast tier, in seconds: the domain's rules and the application's use cases on the
## library's in-memory store (no database, no server)
unit: $(STAMP)
	$(BIN)/pytest -q tests/domain tests/unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## Starts the machine's PostgreSQL and Redis if they are not running (CI uses this)
services:
	scripts/ensure-services

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache gapal.db* gapal-secret.key
	rm -rf $(WEB)/node_modules $(WEB)/.next $(WEB)/out test-output

# --- Vendor app (mobile/): the offline-first PWA that `gapal serve` mounts at /mobile/ ---
MOBILE := mobile
MOBILE_MODULES := $(MOBILE)/node_modules/.installed
MOBILE_SOURCES := $(shell find $(MOBILE)/src $(MOBILE)/scripts -type f 2>/dev/null) \
	$(wildcard $(MOBILE)/*.ts $(MOBILE)/*.json $(MOBILE)/index.html)

.PHONY: mobile-test mobile-openapi
run: $(MOBILE)/dist
openapi: mobile-openapi

## The vendor app: icons, Vite build, then the first-load JS budget (60 KB gzipped); its types
## are checked by mobile-test
$(MOBILE)/dist: $(MOBILE_MODULES) $(MOBILE_SOURCES)
	cd $(MOBILE) && npm run build
	touch $(MOBILE)/dist

$(MOBILE_MODULES): $(MOBILE)/package.json $(MOBILE)/package-lock.json
	cd $(MOBILE) && $(NPM_INSTALL)
	touch $(MOBILE_MODULES)

## The vendor app's type check and unit tests (vitest + fake-indexeddb)
mobile-test: $(MOBILE_MODULES)
	cd $(MOBILE) && npm run typecheck && npm test

## Regenerates mobile/openapi.json and the vendor app's typed client (src/api/schema.d.ts)
mobile-openapi: $(MOBILE_MODULES) $(STAMP)
	scripts/export-openapi > $(MOBILE)/openapi.json
	cd $(MOBILE) && npm run generate:api

.PHONY: topology bench

## The production topology on loopback: PostgreSQL + Redis, 2 API processes behind nginx, 1 worker
topology: $(STAMP)
	scripts/ensure-services
	$(BIN)/python deploy/topology.py

## Every benchmark in one run on the machine's PostgreSQL and Redis; writes bench/RESULTS.md
bench: $(STAMP)
	scripts/ensure-services
	$(BIN)/python bench/run_all.py
