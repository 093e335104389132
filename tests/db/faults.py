"""Database faults on demand: an engine whose statements fail as if the connection were lost.

Plain functions so the store and flow tests can both break an engine the same way.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine


@dataclass
class Faults:
    """How many more matching statements fail, and how many have failed so far."""

    remaining: int
    raised: int = 0


def lose_connection(engine: Engine, times: int, match: str = "") -> Faults:
    """Make the next `times` statements of `engine` containing `match` fail.

    Each failure is the error sqlite3 gives on a closed connection, which SQLAlchemy reports as
    an invalidated connection (a disconnect) and which the driver would give after an outage.
    """
    faults = Faults(times)
    dialect = engine.dialect
    real = {name: getattr(dialect, name) for name in ("do_execute", "do_execute_no_params")}

    def failing(name: str) -> Any:
        def run(cursor: Any, statement: str, *args: Any, **kwargs: Any) -> Any:
            if faults.remaining > 0 and match in statement:
                faults.remaining -= 1
                faults.raised += 1
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            return real[name](cursor, statement, *args, **kwargs)

        return run

    for name in real:
        setattr(dialect, name, failing(name))
    return faults
