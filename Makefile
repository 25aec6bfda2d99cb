# TrackChild's everyday commands. The README's two: `make demo` and `make test`.
# Works on a fresh clone: the first run makes .venv with python3 (3.11 or newer) and installs the project.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TRACKCHILD := $(BIN)/trackchild
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format bench clean-demo help

help:
	@echo "make demo   - install, load demo data into ./var/ (SQLite) and serve http://$(HOST):$(PORT)"
	@echo "make test   - install with the dev extras and run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint   - ruff lint and format check"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make clean-demo - delete the demo database and media under ./var/"

# The venv itself; a python older than 3.11 is refused before anything is made.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "TrackChild needs Python 3.11 or newer; set PYTHON=python3.11 (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall when pyproject.toml changes, not on every run.
$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-runtime

# The demo always uses the embedded SQLite under ./var/ (DATABASE_URL emptied), whatever the shell has set.
# Static files: `runserver --insecure` serves them with DEBUG off. That is Django's development server, fine for
# a laptop demo and never for production, where nginx serves the output of `collectstatic` (docs/operations.md);
# it spares the project a dependency (whitenoise) that production would not use.
demo: $(VENV)/.installed-runtime
	mkdir -p var
	DATABASE_URL= TRACKCHILD_DEMO=1 $(TRACKCHILD) migrate --no-input
	DATABASE_URL= TRACKCHILD_DEMO=1 $(TRACKCHILD) load_demo
	@echo "Serving the demo at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DATABASE_URL= TRACKCHILD_DEMO=1 $(TRACKCHILD) runserver --insecure $(HOST):$(PORT)

clean-demo:
	rm -f var/trackchild.sqlite3 var/trackchild.sqlite3-wal var/trackchild.sqlite3-shm
	rm -rf var/media

# The whole suite, on whatever DATABASE_URL says (unset: SQLite). Extra pytest arguments: make test ARGS='-x'.
test: $(VENV)/.installed-dev
	$(BIN)/pytest $(ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-dev
	@if [ -f bench/run_all.py ]; then \
		$(BIN)/python bench/run_all.py; \
	else \
		echo "bench/run_all.py is not there yet; the benchmarks in bench/ are:"; \
		ls bench/*.py 2>/dev/null || echo "  (none)"; \
		echo "Run one with: $(BIN)/python bench/<name>.py"; \
	fi
