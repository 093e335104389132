"""The analyst queries the benchmark times: every example of docs/schema.md and GDELT-style ones.

Each query runs once to warm the caches, then `REPEAT` times; the fastest run counts (other
work on a shared machine only ever slows a run down, as `timeit` reasons). Its plan
(`EXPLAIN` with sequential scans as the last resort, see `explain`) must read `events` and
`event_participants` through indexes: a sequential scan of them means a full read of a
million rows. The exceptions are the questions about every event (`WHOLE_TABLE`: counts by
month and by year of the whole database, every placed event for a map), which read the whole
table by nature and must still answer in time.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
REPEAT = 3
# A plan that reads one of the big tables without an index.
FULL_SCANS = ("Seq Scan on events", "Seq Scan on event_participants")
# Headings of docs/schema.md examples that read every event.
WHOLE_TABLE = (
    "Events per month by CAMEO root code",
    "Events per year, with what cannot be placed in a year counted apart",
    "Placed events for a map",
)


@dataclass(frozen=True)
class Query:
    """A named query with its bound parameters."""

    name: str
    sql: str
    params: dict[str, Any]
    whole_table: bool = False


@dataclass(frozen=True)
class Timing:
    """How fast a query answered and whether its plan kept to indexes (or may read the whole
    table because it asks about every event)."""

    seconds: float
    rows: int
    uses_index: bool
    plan: str


def docs_queries(path: Path = DOCS) -> list[Query]:
    """Return the example queries of the schema documentation, named after their headings."""
    section = path.read_text(encoding="utf-8").split("## Example queries", 1)[1]
    section = section.split("\n## ", 1)[0]
    found = re.findall(r"^### (.+?)\n.*?```sql\n(.*?)```", section, flags=re.S | re.M)
    return [
        Query(_slug(title), sql.strip().rstrip(";"), {}, whole_table=title in WHOLE_TABLE)
        for title, sql in found
    ]


def _slug(title: str) -> str:
    return "docs_" + "_".join(re.findall(r"[a-z0-9]+", title.lower()))


def gdelt_queries(connection: Connection) -> list[Query]:
    """Return the GDELT-style questions, asked about values the database holds: a typical
    country (the tenth most frequent participant's country), a person, the busiest dyad."""
    country = connection.execute(text(_TYPICAL_COUNTRY)).scalar_one()
    person = connection.execute(text(_TYPICAL_PERSON)).scalar_one()
    source, target = connection.execute(text(_BUSIEST_DYAD)).one()
    year = connection.execute(text(_LATEST_FULL_YEAR)).scalar_one()
    first, last = f"{year}-01-01", f"{year}-12-31"
    return [
        Query("events_per_month_by_root_for_a_year", _MONTHS_BY_ROOT,
              {"first": first, "last": last}),
        Query("country_partners_by_goldstein", _PARTNERS, {"country": country}),
        Query("actor_timeline", _TIMELINE, {"alias": person}),
        Query("counts_by_quad_class_for_a_date_range", _QUAD_COUNTS,
              {"first": f"{year}-04-01", "last": f"{year}-06-30"}),
        Query("latest_100_events_of_a_dyad", _DYAD_LATEST,
              {"source": source, "target": target}),
    ]


def time_query(connection: Connection, query: Query, repeat: int = REPEAT) -> Timing:
    """Run `query` once to warm up, then `repeat` times; return the fastest and its plan."""
    statement = text(query.sql)
    rows = len(connection.execute(statement, query.params).all())
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        connection.execute(statement, query.params).all()
        best = min(best, time.perf_counter() - start)
    plan = explain(connection, query)
    indexed = query.whole_table or not any(scan in plan for scan in FULL_SCANS)
    return Timing(best, rows, indexed, plan)


def explain(connection: Connection, query: Query) -> str:
    """The plan of `query` when sequential scans are the last resort (enable_seqscan off):
    a sequential scan of a big table left in it means no index can serve the query, at any
    size of the database (on a small one the planner would rightly prefer scans anyway)."""
    connection.execute(text("SET enable_seqscan = off"))
    try:
        rows = connection.execute(text("EXPLAIN " + query.sql), query.params)
        return "\n".join(line for (line,) in rows)
    finally:
        connection.execute(text("RESET enable_seqscan"))


_TYPICAL_COUNTRY = """
SELECT a.country FROM event_participants p JOIN actors a ON a.id = p.actor_id
WHERE a.country IS NOT NULL
GROUP BY a.country ORDER BY count(*) DESC, a.country OFFSET 9 LIMIT 1"""

_TYPICAL_PERSON = """
SELECT al.alias_norm FROM actor_aliases al JOIN actors a ON a.id = al.actor_id
WHERE a.kind = 'person' ORDER BY a.id DESC LIMIT 1"""

_BUSIEST_DYAD = """
SELECT s.actor_id, t.actor_id FROM event_participants s
JOIN event_participants t ON t.event_id = s.event_id AND t.role = 'target'
WHERE s.role = 'source'
GROUP BY s.actor_id, t.actor_id ORDER BY count(*) DESC, 1, 2 LIMIT 1"""

_LATEST_FULL_YEAR = """
SELECT CAST(EXTRACT(YEAR FROM max(date_start)) AS INTEGER) - 1 FROM events"""

_MONTHS_BY_ROOT = """
SELECT f.month_start, f.root, COUNT(*) AS events
FROM event_facts f
WHERE f.date_start BETWEEN CAST(:first AS DATE) AND CAST(:last AS DATE)
  AND f.month_start IS NOT NULL
GROUP BY f.month_start, f.root
ORDER BY f.month_start, f.root"""

_PARTNERS = """
SELECT partner, COUNT(*) AS dyads, SUM(goldstein) AS goldstein_sum
FROM (SELECT target_country AS partner, goldstein FROM event_dyads
      WHERE source_country = :country AND target_country <> :country
      UNION ALL
      SELECT source_country, goldstein FROM event_dyads
      WHERE target_country = :country AND source_country <> :country) d
GROUP BY partner
ORDER BY goldstein_sum DESC"""

_TIMELINE = """
SELECT f.date_start, f.date_value, f.code, f.cameo_name, f.modality,
       f.actors, f.location_name, f.sentence, f.url
FROM event_facts f
WHERE f.event_id IN (
    SELECT p.event_id
    FROM event_participants p
    JOIN actor_aliases al ON al.actor_id = p.actor_id
    WHERE al.alias_norm = :alias
)
ORDER BY f.date_start, f.event_id"""

_QUAD_COUNTS = """
SELECT f.quad_class, COUNT(*) AS events, SUM(f.goldstein) AS goldstein_sum
FROM event_facts f
WHERE f.date_start BETWEEN CAST(:first AS DATE) AND CAST(:last AS DATE)
GROUP BY f.quad_class
ORDER BY f.quad_class"""

_DYAD_LATEST = """
SELECT date_start, date_value, code, cameo_name, source_actor, target_actor, event_uid
FROM event_dyads
WHERE source_actor_id = :source AND target_actor_id = :target
ORDER BY date_start DESC NULLS LAST, event_id DESC
LIMIT 100"""
