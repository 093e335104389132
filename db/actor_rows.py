"""The actors an article's events name, as rows: canonical actors found or inserted (their
missing details filled in) and the article's ways of naming them learned as aliases.

Both insert everything new in one statement; a concurrent writer that inserted one of the rows
since the lookup sends them one by one instead, each taking the row that is there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.changes import ChangeSet, actor_key
from db.models import ActorAliasRow, ActorRow
from pipeline.model import Actor, ExtractionResult
from pipeline.names import normalize_alias

# Actor attributes besides the (name, kind) key; filled in when first known.
ACTOR_DETAILS = ("country", "office", "code")
# Longest alias kept; longer "mentions" are sentences, not names (and exceed the column).
MAX_ALIAS_LENGTH = 255


def resolve_actors(
    session: Session, actors: Iterable[Actor], changes: ChangeSet
) -> dict[tuple[str, str], ActorRow]:
    """Return the rows of the canonical actors by (name, kind), inserting new ones and filling
    missing details.

    One query finds the known actors; when an article names an actor in several ways
    (with and without a country, say), the first non-empty detail wins. Inserted actors
    and actors that gained a detail are recorded in `changes`.
    """
    wanted: dict[tuple[str, str], dict[str, str | None]] = {}
    for actor in actors:
        details = wanted.setdefault((actor.name, actor.kind), {})
        for attribute in ACTOR_DETAILS:
            if details.get(attribute) is None:
                details[attribute] = getattr(actor, attribute)
    if not wanted:
        return {}
    names = {name for name, _kind in wanted}
    rows = {
        (row.name, row.kind): row
        for row in session.scalars(select(ActorRow).where(ActorRow.name.in_(names)))
    }
    inserted = _insert_actors(
        session, {key: details for key, details in wanted.items() if key not in rows}
    )
    for key, details in wanted.items():
        row, changed = (rows[key], False) if key in rows else inserted[key]
        for attribute, value in details.items():
            if getattr(row, attribute) is None and value is not None:
                setattr(row, attribute, value)
                changed = True
        if changed:
            changes.upsert("actor", actor_key(*key))
        rows[key] = row
    return {key: rows[key] for key in wanted}

def _insert_actors(
    session: Session, new: dict[tuple[str, str], dict[str, str | None]]
) -> dict[tuple[str, str], tuple[ActorRow, bool]]:
    """Insert actors in one statement; return each one's row and whether this call inserted
    it. When a concurrent writer inserted one since the lookup, they go one by one."""
    if not new:
        return {}
    try:
        with session.begin_nested():
            rows = {key: ActorRow(name=key[0], kind=key[1], **details)
                    for key, details in new.items()}
            session.add_all(rows.values())
        return {key: (row, True) for key, row in rows.items()}
    except IntegrityError:
        return {key: _insert_actor(session, key, details)
                for key, details in new.items()}

def _insert_actor(
    session: Session, key: tuple[str, str], details: dict[str, str | None]
) -> tuple[ActorRow, bool]:
    """Insert an actor; return its row and whether this call inserted it."""
    name, kind = key
    try:
        with session.begin_nested():
            row = ActorRow(name=name, kind=kind, **details)
            session.add(row)
        return row, True
    except IntegrityError:  # inserted (and logged) by a concurrent writer since the lookup
        row = session.scalars(
            select(ActorRow).where(ActorRow.name == name, ActorRow.kind == kind)
        ).one()
        return row, False

def learn_aliases(
    session: Session, result: ExtractionResult, actor_ids: dict[tuple[str, str], int]
) -> None:
    """Store the canonical name and every mention text of the article's event actors."""
    written: dict[int, dict[str, str]] = {}
    for (name, _kind), actor_id in actor_ids.items():
        written.setdefault(actor_id, {}).setdefault(normalize_alias(name), name)
    for mention in result.mentions:
        actor_id = actor_ids.get((mention.actor.name, mention.actor.kind))
        text = " ".join(mention.text.split())
        if actor_id is None or not text or len(text) > MAX_ALIAS_LENGTH:
            continue
        written[actor_id].setdefault(normalize_alias(text), text)
    known = set(
        session.execute(
            select(ActorAliasRow.actor_id, ActorAliasRow.alias_norm).where(
                ActorAliasRow.actor_id.in_(written)
            )
        ).tuples()
    )
    new = [
        {"actor_id": actor_id, "alias": alias, "alias_norm": alias_norm}
        for actor_id, aliases in written.items()
        for alias_norm, alias in aliases.items()
        if alias_norm and (actor_id, alias_norm) not in known
    ]
    if not new:
        return
    try:
        with session.begin_nested():  # one statement for all of them
            session.add_all(ActorAliasRow(**values) for values in new)
    except IntegrityError:  # one was learned by a concurrent writer: the others one by one
        for values in new:
            try:
                with session.begin_nested():
                    session.add(ActorAliasRow(**values))
            except IntegrityError:
                continue
