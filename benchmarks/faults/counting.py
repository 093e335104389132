"""Counting what a scenario left in its database against what it expected.

- expected: documents that must be stored as articles;
- stored: those of them found in `articles` (by document id);
- duplicated: article rows beyond the first for a document or a text, and event rows beyond
  the first for an event uid;
- lost: expected documents with neither an article nor an error row;
- error rows expected / found: documents that must give an error row / distinct documents in
  `ingestion_errors` (any document: an error for a good article shows as one too many).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from benchmarks.faults.expect import Expectation
from db.models import ArticleRow, EventRow, ExtractionRunRow, IngestionErrorRow
from db.session import make_engine
from db.values import storable_error
from pipeline.model import ArticleError


@dataclass
class Tally:
    """The counts of one scenario on one database, and what went wrong besides."""

    scenario: str
    backend: str
    expected: int = 0
    stored: int = 0
    duplicated: int = 0
    lost: int = 0
    error_rows_expected: int = 0
    error_rows_found: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.problems and self.lost == 0 and self.duplicated == 0
                and self.stored == self.expected
                and self.error_rows_found == self.error_rows_expected)


def count(url: str, expect: Expectation, scenario: str, backend: str) -> Tally:
    """Compare the database at `url` with `expect`."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            documents = dict(connection.execute(
                select(ArticleRow.document, func.count()).group_by(ArticleRow.document)).all())
            texts = connection.scalar(select(func.count(ArticleRow.content_hash.distinct())))
            events = connection.scalar(select(func.count()).select_from(EventRow))
            event_uids = connection.scalar(select(func.count(EventRow.event_uid.distinct())))
            errors = set(connection.scalars(select(IngestionErrorRow.document).distinct()))
            running = connection.scalar(select(func.count()).select_from(ExtractionRunRow)
                                        .where(ExtractionRunRow.status == "running"))
    finally:
        engine.dispose()
    expected_errors = {as_recorded(document) for document in expect.errors}
    rows = sum(documents.values())
    tally = Tally(
        scenario=scenario, backend=backend, expected=len(expect.stored),
        stored=len(expect.stored & documents.keys()),
        duplicated=max(rows - len(documents), rows - texts) + events - event_uids,
        lost=len(expect.stored - documents.keys() - errors),
        error_rows_expected=len(expect.errors), error_rows_found=len(errors),
    )
    unexpected = sorted(documents.keys() - expect.stored)
    if unexpected:
        tally.problems.append(f"articles nobody expected: {_some(unexpected)}")
    wrong = sorted((errors - expected_errors) | (expected_errors - errors))
    if wrong:
        tally.problems.append(f"error rows differ from the expected ones for: {_some(wrong)}")
    if running:
        tally.problems.append(f"{running} run rows left 'running'")
    return tally


def as_recorded(document: str) -> str:
    """Return the id an error row of `document` holds (too long ones are shortened)."""
    return storable_error(ArticleError(document=document, stage="read", message="")).document


def stored_articles(url: str) -> int:
    """Return how many articles the database at `url` holds (0 when it cannot be read)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(ArticleRow)) or 0
    except Exception:  # noqa: BLE001 - a database busy or half-written: nothing to see yet
        return 0
    finally:
        engine.dispose()


def _some(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(repr(name if len(name) < 60 else name[:57] + "...") for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
