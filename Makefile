# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: install demo test lint bench clean

$(BIN)/dipevents: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/dipevents

demo: install
	$(BIN)/dipevents db upgrade
	$(BIN)/dipevents ingest seeds/
	$(BIN)/dipevents events --limit 50

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) dipevents.db
