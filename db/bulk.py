"""Bulk writes into a sync target: which keys it has, inserts, upserts and deletes by key.

Every statement that names keys takes at most `CHUNK` of them, so a large batch never becomes
one giant `IN (...)` list (whose planning and matching time grows with its length). New rows go
in with PostgreSQL's COPY, or one multi-row executemany elsewhere; only rows the target already
has are upserted, and only keys it has are deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    String,
    Table,
    any_,
    bindparam,
    delete,
    select,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Keys per statement: short enough for any planner, long enough to need few round trips.
CHUNK = 1000


class UnsupportedTargetError(RuntimeError):
    """The target database is of a kind sync cannot write."""


def chunks(keys: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Yield `keys` in slices of at most `size`."""
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def one_of(column: Any, keys: Sequence[Any], dialect: str) -> ColumnElement[bool]:
    """`column` is one of `keys`: `= ANY(array)` with one bound array on PostgreSQL (no
    per-key parameters to render and parse), `IN (...)` elsewhere."""
    if dialect != "postgresql":
        return column.in_(keys)
    item = BigInteger() if all(isinstance(key, int) for key in keys) else String()
    return column == any_(bindparam(None, list(keys), type_=postgresql.ARRAY(item)))


def present_keys(
    connection: Connection, table: Table, column: str, keys: Sequence[str]
) -> set[str]:
    """Return those of `keys` that `table` has in `column`."""
    found: set[str] = set()
    for part in chunks(keys):
        query = select(table.c[column]).where(
            one_of(table.c[column], part, connection.dialect.name)
        )
        found.update(connection.execute(query).scalars())
    return found


def delete_keys(connection: Connection, table: Table, column: str, keys: Sequence[str]) -> int:
    """Delete the rows of `table` whose `column` is one of `keys`; return how many went."""
    removed = 0
    for part in chunks(keys):
        condition = one_of(table.c[column], part, connection.dialect.name)
        result = connection.execute(delete(table).where(condition))
        removed += max(result.rowcount, 0)
    return removed


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows the target does not have: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    names = [column.name for column in table.columns]
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row.get(name) for name in names])
    finally:
        cursor.close()


def upsert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, or update them where the primary key exists: one executemany."""
    if not rows:
        return
    keys = [column.name for column in table.primary_key.columns]
    dialect = connection.dialect.name
    if dialect in ("mysql", "mariadb"):
        statement = mysql.insert(table)
        statement = statement.on_duplicate_key_update(
            {c.name: statement.inserted[c.name] for c in table.columns if c.name not in keys}
        )
    elif dialect in ("postgresql", "sqlite"):
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = dialect_insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_={c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys},
        )
    else:
        raise UnsupportedTargetError(
            f"cannot sync into a {dialect} database: use PostgreSQL, MySQL or SQLite"
        )
    connection.execute(statement, rows)
