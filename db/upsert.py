"""Insert-or-replace of one keyed row, safe against a concurrent writer and on every dialect.

Tried as an update first (the common case: the row exists), then an insert; an insert that
loses the race to another run's insert becomes the update again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Engine, update
from sqlalchemy.exc import IntegrityError


def replace_row(engine: Engine, key: Column[Any], value: Any, values: dict[str, Any]) -> None:
    """Set `values` on the row of `key`'s table whose `key` is `value`, inserting it if none is."""
    table = key.table
    statement = update(table).where(key == value).values(**values)
    with engine.begin() as connection:
        if connection.execute(statement).rowcount:
            return
    try:
        with engine.begin() as connection:
            connection.execute(table.insert().values({key.name: value, **values}))
    except IntegrityError:  # another run inserted it meanwhile: replace its values
        with engine.begin() as connection:
            connection.execute(statement)
