# Two commands for a fresh machine: `make run` and `make test`. Everything else is a
# `crossroads` subcommand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests need: a PostgreSQL server the suite starts itself, Chromium, and
# pg_auto_failover for the failover test (its extension is built for one PostgreSQL major
# version: Debian 12's `postgresql` is 15).
TEST_PACKAGES := postgresql chromium chromium-driver postgresql-15-auto-failover pg-auto-failover-cli

# The public labelled data sets `crossroads evaluate` reads (hidden splits only).
DATA_DIR ?= ../shared/data/external

.PHONY: run test lint evaluate bench reproduce-model system-packages

run: $(VENV)/.installed-app
	$(BIN)/crossroads db upgrade
	$(BIN)/crossroads demo
	$(BIN)/crossroads serve

# The suite runs on every CPU (four at most), each worker with its own PostgreSQL, live
# server and Chromium. worksteal gives each worker a run of neighbouring tests to start with,
# so a module's shared world is built once per worker, and lets an idle worker take over
# another's unstarted tests. Plain `pytest` still runs everything in one process.
test: system-packages $(VENV)/.installed-dev lint
	$(BIN)/pytest --numprocesses logical --maxprocesses 4 --dist worksteal
	$(MAKE) --no-print-directory evaluate

# Measures the text classifiers and writes benchmarks/RESULTS-text.md; skipped, loudly, on a
# machine without the shared data sets.
evaluate: $(VENV)/.installed-dev
	@if [ -d "$(DATA_DIR)" ]; then \
		$(BIN)/crossroads evaluate --data-dir "$(DATA_DIR)"; \
	else \
		echo "WARNING: $(DATA_DIR) is missing, so the classifiers were not evaluated."; \
	fi

# Retrains every shipped classifier from the training data and checks it matches the shipped
# text/model/classifiers.json (a quarter of an hour on two cores: the crisis network is fitted
# six times). `make test` refits only the linear heads; run this after changing training.
reproduce-model: $(VENV)/.installed-dev
	$(BIN)/pytest -m model_reproduction tests/text/pipeline/test_training.py

# Every benchmark, each beside a baseline from the same run: writes benchmarks/RESULTS.md.
bench: system-packages $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }
	$(BIN)/python -m benchmarks.run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@ $(VENV)/.installed-app

system-packages:
	@missing=$$(for package in $(TEST_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q '^install ok installed' \
		|| echo $$package; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi
