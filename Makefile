# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL ?= WARNING

.PHONY: install demo test eval lint bench bench-bi faults clean

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
	$(BIN)/dipevents report --output report.html

test: install
	$(BIN)/python -m pytest

# The seeds always; the development set when its texts are in eval-data/dev (see README,
# "Measuring quality"): they are not distributed with the project.
DEV_TEXTS := eval-data/dev
eval: install
	$(BIN)/dipevents evaluate tests/data/seeds_gold.yaml seeds/
	@if [ -f $(DEV_TEXTS)/manifest.csv ]; then \
		$(BIN)/dipevents evaluate tests/data/dev_gold.yaml $(DEV_TEXTS); \
	else \
		echo "development set skipped: $(DEV_TEXTS)/ holds no texts (README, 'Measuring quality')"; \
	fi

lint: install
	$(BIN)/ruff check .

# 10,000 articles into PostgreSQL take hours on two cores: BENCH_INGEST_ARGS="--articles 1000"
# (and BENCH_DASK_ARGS, BENCH_BI_ARGS="--events N") run them smaller.
bench: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/cleaning.py
	$(BIN)/python benchmarks/quickstart.py
	$(BIN)/python -m benchmarks.ingest_share $(BENCH_INGEST_ARGS)
	$(BIN)/python -m benchmarks.save_growth
	$(BIN)/python -m benchmarks.dask_scaleout $(BENCH_DASK_ARGS)

# Analyst queries and feeds on a PostgreSQL database of a million events, built in and dropped
# from the server at 127.0.0.1:5432 (README, "Analyst queries and feeds at scale"); pass
# BENCH_BI_ARGS="--events 100000 --server URL" to change the size or the server.
bench-bi: install
	$(BIN)/python -m benchmarks.bi $(BENCH_BI_ARGS)

# Bad input, kill -9, two ingests at once, database outages and a hostile web server, on
# SQLite and PostgreSQL (skipped with the reason when its server does not answer); `make test`
# runs the small size (tests/flows/test_fault_suite.py).
faults: install
	$(BIN)/python -m benchmarks.faults --size full

clean:
	rm -rf $(VENV) dipevents.db report.html
