"""Keys that last: an edited article keeps the keys and rows of the events it still reports.

The article (tests/db/edited_article.py) reports five events; its edit changes one, removes
one, adds one and leaves three alone. Run on SQLite and PostgreSQL (the `engine` fixture);
the sync of the same edit is tested in test_sync.py.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select

from db.changes import current_seq
from db.export import changes_since
from db.models import ChangeRow, DeletedEventRow, EventEvidenceRow, EventParticipantRow, EventRow
from tests.db import edited_article
from tests.db.edited_article import ADDED, CHANGED, REMOVED, UNCHANGED
from tests.db.uids import uid

# Columns that say which article version reports the event and when the row was written.
ARTICLE_AND_TIMES = {"article_id", "updated_at"}


def _rows(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every stored event by uid: its columns, participants and evidence."""
    with engine.connect() as connection:
        events = connection.execute(select(EventRow.__table__)).mappings().all()
        participants = connection.execute(
            select(EventParticipantRow.__table__).order_by(EventParticipantRow.position)
        ).all()
        evidence = connection.execute(
            select(EventEvidenceRow.__table__).order_by(EventEvidenceRow.id)
        ).all()
    rows = {}
    for event in events:
        row = dict(event)
        row["participants"] = [
            (p.actor_id, p.role, p.position) for p in participants if p.event_id == event["id"]
        ]
        row["evidence"] = [
            (e.sentence, e.start_char, e.end_char, e.trigger)
            for e in evidence
            if e.event_id == event["id"]
        ]
        rows[event["event_uid"]] = row
    return rows


def _without(row: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name not in columns}


def _event_changes(engine: Engine, after: int) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            (key, op)
            for key, op in connection.execute(
                select(ChangeRow.key, ChangeRow.op)
                .where(ChangeRow.entity == "event", ChangeRow.seq > after)
                .order_by(ChangeRow.seq)
            )
        ]


def _save_both_versions(store) -> tuple[dict[str, str], dict[str, str], int]:
    """Save version 1, then the edit; return the uids of each version's events by name, and
    the change seq between the two saves."""
    first, first_events = edited_article.version(1)
    second, second_events = edited_article.version(2)
    store.save(first)
    seq = current_seq(store.engine)
    store.save(second)
    return (
        {name: uid(first, event) for name, event in first_events.items()},
        {name: uid(second, event) for name, event in second_events.items()},
        seq,
    )


def test_edited_article_keeps_the_keys_and_rows_of_its_unchanged_events(store):
    first, first_events = edited_article.version(1)
    second, second_events = edited_article.version(2)
    first_outcome = store.save(first)
    before = _rows(store.engine)
    second_outcome = store.save(second)
    after = _rows(store.engine)

    kept = before.keys() & after.keys()
    assert (len(before), len(after), len(kept)) == (5, 5, 4)
    assert after.keys() - before.keys() == {uid(second, second_events[ADDED])}
    assert before.keys() - after.keys() == {uid(first, first_events[REMOVED])}
    assert second_outcome.article_id != first_outcome.article_id  # the page's next version
    for name in UNCHANGED:
        key = uid(first, first_events[name])
        assert after[key]["article_id"] == second_outcome.article_id
        assert _without(after[key], ARTICLE_AND_TIMES) == _without(before[key], ARTICLE_AND_TIMES)
    changed = uid(first, first_events[CHANGED])
    assert (after[changed]["id"], after[changed]["created_at"]) == (
        before[changed]["id"],
        before[changed]["created_at"],
    )
    assert (before[changed]["location_name"], after[changed]["location_name"]) == (
        None,
        "Punta Clara",
    )
    assert [e[0] for e in after[changed]["evidence"]] == [
        edited_article.PRAISE,
        edited_article.VENUE,
    ]
    with store.engine.connect() as connection:
        tombstones = set(connection.scalars(select(DeletedEventRow.event_uid)))
    assert tombstones == {uid(first, first_events[REMOVED])}


def test_edit_is_logged_as_updates_of_the_kept_keys_not_delete_and_insert(store):
    old, new, seq = _save_both_versions(store)

    changes = _event_changes(store.engine, seq)

    assert sorted(changes) == sorted(
        [(old[name], "upsert") for name in (*UNCHANGED, CHANGED)]
        + [(new[ADDED], "upsert"), (old[REMOVED], "delete")]
    )
    assert {key for key, op in changes if op == "delete"}.isdisjoint(new.values())


def test_incremental_export_after_the_edit_updates_inserts_and_deletes(store):
    first, _ = edited_article.version(1)
    store.save(first)
    exported = {e["event_uid"]: e for e in changes_since(store.engine, 0).events()}
    seq = current_seq(store.engine)
    second, second_events = edited_article.version(2)
    store.save(second)

    since = changes_since(store.engine, seq)
    written = {e["event_uid"]: e for e in since.events()}
    deleted = [d["event_uid"] for d in since.deleted()]

    updates = written.keys() & exported.keys()
    inserts = written.keys() - exported.keys()
    assert (len(updates), len(inserts), len(deleted)) == (4, 1, 1)
    assert inserts == {uid(second, second_events[ADDED])}
    assert set(deleted) == exported.keys() - written.keys()
    # The kept events read as before, but for their change stamps; the changed one has its place.
    unchanged = [
        key for key in updates if _stamps_removed(written[key]) == _stamps_removed(exported[key])
    ]
    assert len(unchanged) == 3
    assert written[uid(second, second_events[CHANGED])]["location"] == "Punta Clara"


def _stamps_removed(event: dict[str, Any]) -> str:
    return json.dumps(
        {k: v for k, v in event.items() if k not in ("updated_at", "change_seq")},
        sort_keys=True,
        default=str,
    )


def test_saving_the_edited_article_again_changes_nothing(store):
    second, _ = edited_article.version(2)
    _save_both_versions(store)
    seq, rows = current_seq(store.engine), _rows(store.engine)

    outcome = store.save(second)

    assert outcome.events == 0
    assert (current_seq(store.engine), _rows(store.engine)) == (seq, rows)
