"""The change log: what changed, in commit order, for incremental consumers (sync, export).

Every transaction that writes or removes an article, actor or event appends one row per
changed key to `changes`, in the same transaction, so the log and the data cannot disagree.
`changes.seq` is the watermark consumers keep: "everything up to seq N is applied".

Why not timestamps: two rows can share a timestamp, clocks move backwards, and a transaction
that started earlier can commit later with an older `updated_at`, so "since T" misses rows.

Why a lock: an autoincrement value is given out when a row is inserted, not when its
transaction commits, so on PostgreSQL or MariaDB a reader could see seq 11 committed while
seq 10 is still in flight, move its watermark to 11 and never see 10. Writers therefore
UPDATE the single `change_log_lock` row right before appending; the row lock is held until
commit, so seqs are given out and become visible in the same order. Appending is the last
thing a writer does; a writer that stores new events takes the lock just before, to link them
to happenings and insert them (`db.linking`). Everything rows of other writers could be
locked for (articles, actors, aliases, events replaced) is written before the lock, so a
writer holding it waits for no other; the one exception, a merge of happenings moving other
articles' events, is rare, and a deadlock it meets is retried (`db.retry`). SQLite already
serializes writers (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import ChangeLogLockRow, ChangeRow, utcnow

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

Entity = Literal["article", "event", "actor"]
Op = Literal["upsert", "delete"]
UPSERT: Op = "upsert"
DELETE: Op = "delete"
# The id of the one row of change_log_lock.
LOCK_ROW_ID = 1


def actor_key(name: str, kind: str) -> str:
    """Return the stable key of an actor, 'kind:canonical name' (actors are unique by both).

    Readable in a target database, and reversible (`split_actor_key`) because kinds never
    contain a colon, so sync can look the actor up by name and kind.
    """
    return f"{kind}:{name}"


def split_actor_key(key: str) -> tuple[str, str]:
    """Return the (name, kind) an actor key stands for."""
    kind, _, name = key.partition(":")
    return name, kind


class ChangeSet:
    """The changes one transaction makes, appended to the log when it is about to commit.

    The last operation recorded for a key wins, so an event deleted and written again in one
    transaction (re-extraction keeps its uid) is logged once, as an upsert.
    """

    def __init__(self) -> None:
        self._ops: dict[tuple[Entity, str], Op] = {}
        self._locked = False

    def upsert(self, entity: Entity, key: str) -> None:
        """Record that the row of `entity` with `key` was written or rewritten."""
        self._ops.pop((entity, key), None)
        self._ops[(entity, key)] = UPSERT

    def delete(self, entity: Entity, key: str) -> None:
        """Record that the row of `entity` with `key` was removed."""
        self._ops.pop((entity, key), None)
        self._ops[(entity, key)] = DELETE

    def __len__(self) -> int:
        return len(self._ops)

    def lock(self, session: Session) -> None:
        """Take the change-log lock now, for work that must follow earlier writers' (linking
        happenings, `db.linking`); `append_to_log` then does not take it again."""
        if not self._locked:
            lock_change_log(session.connection())
            self._locked = True

    def append_to_log(self, session: Session) -> None:
        """Take the change-log lock and append the recorded changes; call last before commit."""
        if not self._ops:
            return
        session.flush()
        now = utcnow()
        self.lock(session)
        session.execute(
            insert(ChangeRow),
            [
                {"entity": entity, "key": key, "op": op, "changed_at": now}
                for (entity, key), op in self._ops.items()
            ],
        )
        self._ops.clear()


def lock_change_log(connection: Connection, now: dt.datetime | None = None) -> None:
    """Lock the change log until the current transaction ends (see the module docstring).

    Recreates the lock row if someone deleted it, rather than appending without the lock.
    """
    when = now or utcnow()
    locked = connection.execute(
        update(ChangeLogLockRow).where(ChangeLogLockRow.id == LOCK_ROW_ID).values(appended_at=when)
    )
    if locked.rowcount == 0:
        logger.warning("change_log_lock row was missing; recreating it")
        connection.execute(insert(ChangeLogLockRow).values(id=LOCK_ROW_ID, appended_at=when))


def current_seq(source: Engine | Connection) -> int:
    """Return the newest committed change sequence number, 0 when nothing was logged yet."""
    query = select(func.coalesce(func.max(ChangeRow.seq), 0))
    if isinstance(source, Connection):
        return int(source.execute(query).scalar_one())
    with source.connect() as connection:
        return int(connection.execute(query).scalar_one())
