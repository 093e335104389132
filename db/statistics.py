"""Planner statistics kept up with a growing database, on PostgreSQL.

PostgreSQL plans each query from the statistics ANALYZE gathers, and autovacuum gathers them
as tables change. Where it does not (a server with autovacuum off, or a bulk load that outruns
its rounds), plans are made from none or from outdated ones, and two of them hurt saving:

- with no statistics on `event_participants.event_id`, the planner guesses that one event has
  0.5 % of all participant rows, so the join that reads a happening's latest reports with their
  participants scans the whole table, once per article;
- a connection caches the plan of each foreign-key check (every participant and evidence row
  checks its event) and makes it again only when the table's statistics change; a plan made
  while `events` was a page long scans `events` whole.

`analyze_stale_tables` does what autovacuum would, at a lower rate: it analyzes the tables
whose rows have changed more than their statistics count (and by at least
`MIN_CHANGED_ROWS`), so statistics are gathered each time a table about doubles, a dozen times
in a load of any size. Other backends keep no such plans: nothing to do there.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text

logger = logging.getLogger(__name__)

MIN_CHANGED_ROWS = 50  # autovacuum's own threshold: tables smaller than this need no statistics

_STALE_TABLES = text(
    "SELECT tables.relname FROM pg_stat_user_tables AS tables "
    "JOIN pg_class ON pg_class.oid = tables.relid "
    "WHERE tables.schemaname = current_schema() "
    "AND tables.n_mod_since_analyze > :minimum + GREATEST(pg_class.reltuples, 0) "
    "ORDER BY tables.relname"
)


def analyze_stale_tables(connection: Connection) -> list[str]:
    """ANALYZE the tables of the current schema whose statistics are stale; return their names.

    Row changes reach `pg_stat_user_tables` within a second or so of their commit, so a table
    written just before may be analyzed on the next call instead.
    """
    if connection.dialect.name != "postgresql":
        return []
    stale = list(connection.scalars(_STALE_TABLES, {"minimum": MIN_CHANGED_ROWS}))
    if stale:
        quote = connection.dialect.identifier_preparer.quote
        connection.execute(text(f"ANALYZE {', '.join(quote(name) for name in stale)}"))
        logger.debug("analyzed %s: their statistics counted fewer rows than had changed",
                     ", ".join(stale))
    return stale
