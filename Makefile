# Gapal — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint unit services clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Installs what is missing, then serves the API with demo data on http://$(HOST):$(PORT)
run: $(STAMP)
	$(BIN)/gapal serve --demo --host $(HOST) --port $(PORT)

## Lint, types, architecture contracts, then every test (SQLite and the machine's PostgreSQL)
test: $(STAMP) lint
	$(BIN)/pytest -n 2 --dist loadfile -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## Starts the machine's PostgreSQL and Redis if they are not running (CI uses this)
services:
	scripts/ensure-services

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache gapal.db* gapal-secret.key
