"""An edited article, through the real extractor: the events outside the edit keep their keys.

The article is invented. Its fourth paragraph is rewritten (a criticism dropped, an invitation
added); the events stated in the other paragraphs must keep their event_uids, and only events
of the rewritten paragraph may be deleted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from db.changes import current_seq
from db.export import changes_since
from db.models import EventRow
from db.session import make_engine
from flows.ingest import ingest_flow

OUTSIDE = (
    "Finnish Foreign Minister Sanni Vaara arrived in Montevideo on Monday for a three-day "
    "visit to Uruguay.",
    "Vaara met Uruguayan President Rafael Quintela on Tuesday to discuss fisheries and trade.",
    "Finland and Uruguay signed a fisheries agreement on Tuesday afternoon.",
    "Vaara will travel on to Argentina on Thursday.",
)
EDITED = (
    "Quintela praised the agreement. Vaara criticised Brazil over its tariffs on Finnish paper.",
    "Quintela praised the agreement. Vaara invited Quintela to visit Helsinki in May.",
)


def _write(path: Path, version: int) -> str:
    paragraphs = [*OUTSIDE[:3], EDITED[version - 1], OUTSIDE[3]]
    record = {
        "id": "vaara-visit",
        "url": "https://wire.example/2024/03/vaara-visit",
        "title": "Finnish minister visits Uruguay",
        "published": "2024-03-06",
        "text": "\n\n".join(paragraphs),
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return str(path)


def _events(url: str) -> dict[str, str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return dict(connection.execute(select(EventRow.event_uid, EventRow.sentence)).all())
    finally:
        engine.dispose()


@pytest.mark.usefixtures("prefect_harness")
def test_reingested_edit_keeps_the_keys_of_the_events_outside_it(tmp_path, database_url):
    ingest_flow(_write(tmp_path / "v1.jsonl", 1), database_url=database_url, processes=1)
    before = _events(database_url)
    engine = make_engine(database_url)
    seq = current_seq(engine)

    ingest_flow(_write(tmp_path / "v2.jsonl", 2), database_url=database_url, processes=1)

    after = _events(database_url)
    outside = {uid for uid, sentence in before.items() if sentence in OUTSIDE}
    removed = before.keys() - after.keys()
    changes = changes_since(engine, seq)
    deleted = {row["event_uid"] for row in changes.deleted()}
    updated = {row["event_uid"] for row in changes.events()} & before.keys()
    engine.dispose()
    assert len(outside) >= 3 and outside <= after.keys()
    assert removed and all(before[uid] in EDITED[0] for uid in removed)
    assert deleted == removed
    assert outside <= updated  # moved to the page's new version: updates, not delete+insert
