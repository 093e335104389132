"""`make bench-bi` at a small size: the database is built, every query answers through its
indexes, the feeds run and the sync target equals the source (PostgreSQL only)."""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from benchmarks.bi.__main__ import main
from benchmarks.bi.queries import docs_queries
from tests.db.servers import POSTGRES_URL_ENV, postgres_server_url, unreachable_reason

pytestmark = pytest.mark.postgres
EVENTS = 5000


@pytest.fixture
def server() -> str:
    """The PostgreSQL server URL, or a skip naming why it cannot be used."""
    url = postgres_server_url()
    if reason := unreachable_reason(url):
        pytest.skip(f"{reason}; set {POSTGRES_URL_ENV} to use another server")
    return url


def _databases(server: str, prefix: str) -> list[str]:
    engine = create_engine(server, poolclass=NullPool)
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
            {"prefix": prefix + "%"},
        ).scalars().all()
    engine.dispose()
    return list(names)


def test_bench_bi_prints_its_figures_and_every_plan_uses_an_index(server, capsys):
    database = f"dipevents_bench_{secrets.token_hex(4)}"
    status = main(["--events", str(EVENTS), "--server", server, "--database", database])
    lines = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(lines[-1])

    names = [query.name for query in docs_queries()]
    assert figures["events"] == EVENTS
    assert set(names) < set(figures["queries"]) and len(figures["queries"]) == len(names) + 5
    assert figures["max_query_s"] == max(figures["queries"].values())
    assert figures["plans_use_indexes"] is True, "\n".join(lines)
    assert figures["full_sync_rows"] > 2 * EVENTS and figures["full_sync_rows_per_s"] > 0
    assert figures["incremental_sync_events"] == 1000 and figures["incremental_sync_s"] > 0
    assert figures["target_equals_source"] is True, "\n".join(lines)
    assert figures["parquet_rows"] == EVENTS - 200  # a fifth of the changed events deleted
    assert figures["parquet_peak_mib"] > 0
    assert status in (0, 1)  # 1 when this machine missed a time goal: figures, not a failure
    assert _databases(server, database) == []  # created and dropped by the benchmark
