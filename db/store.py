"""The idempotent writer: one ExtractionResult in, its rows written in one transaction.

Saving is safe to repeat. The article's content hash is its natural key: the same text saved
again by the same extractor version changes nothing; saved by another version, the article's
events are brought up to date atomically. Events are matched by their key (`db.keys`): a kept
key updates its row in place (only when something changed), a new key inserts a row, and a
key that disappears deletes its row and is recorded in `deleted_events` so incremental
consumers can propagate the deletion. Actors are shared across articles by (name, kind), and
every way an article wrote an actor's name becomes a searchable alias.

One URL, one set of events: when the page at a URL changes, its new text is stored as the next
version and the events of the earlier versions move to it; those no longer reported are
removed (tombstoned), so views, exports and sync targets count a story once. The earlier
article rows stay as history. Re-extracting an earlier version later writes no events for it.

Every article, actor and event written or removed is appended to the change log
(`db.changes`) in the same transaction, which is what `db.sync` and `db.export` read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Engine, Select, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

import settings
from db.actor_rows import learn_aliases, resolve_actors
from db.changes import ChangeSet
from db.happenings import Report, new_report, reports_of
from db.inserts import insert_events
from db.keys import article_key, event_uid
from db.linking import link_reports
from db.models import (
    ArticleRow,
    CameoCodeRow,
    DeletedEventRow,
    EventEvidenceRow,
    EventParticipantRow,
    EventRow,
    ExtractionRunRow,
    IngestionErrorRow,
    utcnow,
)
from db.retry import retried
from db.revise import update_event
from db.session import session_factory
from db.sides import sides
from db.statistics import analyze_stale_tables
from db.values import storable, storable_article, storable_error
from pipeline.model import Article, ArticleError, Event, ExtractionResult, TimeValue

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STALE_RUN_AFTER_ENV = "DIPEVENTS_DB_STALE_RUN_AFTER"
# Seconds after which a run still `running` is taken for dead: longer than any real ingest.
STALE_RUN_AFTER = 86_400.0
# Content hashes per query of `known_texts`: a batch or more, well under any database's limit
# on bound parameters.
KNOWN_TEXTS_PER_QUERY = 1000


class UnknownEventCodeError(ValueError):
    """An event carries a code that is not in the CAMEO reference table."""


@dataclass(frozen=True)
class SaveOutcome:
    """What `Store.save` did.

    article_id: the article's row id.
    created: a new article row was written.
    replaced: events stored earlier were replaced: this text's (another extractor version)
        or, for a new version of a page, those of its URL's earlier versions.
    events: how many event rows this call inserted or updated (0 when nothing changed); kept
        events whose row is unchanged and deleted events are not counted.
    """

    article_id: int
    created: bool
    replaced: bool
    events: int


# Precisions whose value names no span of days: the extractor may still hand over the days it
# saw ("2018 and 2019" straddles New Year, so no week, month or year covers it), but storing
# them would make the event look dated.
UNDATED_PRECISIONS = frozenset({"unknown", "ref"})


def stored_range(value: TimeValue) -> tuple[dt.date | None, dt.date | None]:
    """Return the (date_start, date_end) to store for `value`: (None, None) when it is unknown."""
    if value.value is None or value.precision in UNDATED_PRECISIONS:
        return None, None
    return value.start, value.end


def error_fingerprint(error: ArticleError) -> str:
    """Return the key that makes a recurring error one row: its document, stage and message."""
    key = "\x1f".join([error.document, error.stage, error.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _interrupt(session: Session, *conditions: ColumnElement[bool]) -> int:
    """Mark the runs still `running` that match `conditions` `interrupted`; return how many."""
    result = session.execute(
        update(ExtractionRunRow)
        .where(ExtractionRunRow.status == "running", *conditions)
        .values(status="interrupted"),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0


class Store:
    """Writes extraction results, runs and errors to the database behind `engine`.

    Every public method is one transaction. On SQLite, writers take the database lock when
    they begin (BEGIN IMMEDIATE), so parallel tasks wait for each other instead of failing.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine.execution_options(sqlite_begin="IMMEDIATE"))
        self._cameo: dict[str, tuple[str, int, float]] | None = None

    # Runs -----------------------------------------------------------------------------------

    @retried
    def start_run(self, flow: str, source: str, extractor_version: str) -> int:
        """Record that a flow run started reading `source`; return the run id.

        Runs still `running` after DIPEVENTS_DB_STALE_RUN_AFTER seconds died without saying
        so (killed, or the database was away when they ended): they are marked `interrupted`.
        """
        stale_after = settings.value(STALE_RUN_AFTER_ENV) or STALE_RUN_AFTER
        with self._sessions.begin() as session:
            _interrupt(session, ExtractionRunRow.started_at
                       < utcnow() - dt.timedelta(seconds=stale_after))
            run = ExtractionRunRow(flow=flow, source=source, extractor_version=extractor_version)
            session.add(run)
            session.flush()
            return run.id

    @retried
    def interrupt_runs(self, flow: str, source: str, *, started_since: dt.datetime) -> int:
        """Mark `flow`'s runs over `source` still `running` since `started_since` `interrupted`.

        For a caller that knows those runs died (a scheduled run whose process was killed).
        RETURNS (int): how many runs were marked.
        """
        with self._sessions.begin() as session:
            return _interrupt(session, ExtractionRunRow.flow == flow,
                              ExtractionRunRow.source == source,
                              ExtractionRunRow.started_at >= started_since)

    @retried
    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        articles_seen: int,
        articles_new: int,
        events_written: int,
        errors: int,
    ) -> None:
        """Record how a run ended and what it did."""
        with self._sessions.begin() as session:
            run = session.get(ExtractionRunRow, run_id)
            if run is None:
                raise ValueError(f"no extraction run with id {run_id}")
            run.finished_at = utcnow()
            run.status = status
            run.articles_seen = articles_seen
            run.articles_new = articles_new
            run.events_written = events_written
            run.errors = errors

    # Articles -------------------------------------------------------------------------------

    @retried
    def is_known(
        self,
        *,
        url: str | None = None,
        content_hash: str | None = None,
        extractor_version: str | None = None,
    ) -> bool:
        """Return True when an article matching every given key is stored.

        Lets a flow skip fetching a known URL, or skip extracting a text it has already seen;
        with `extractor_version`, only a text already extracted by that version counts, so a
        new extractor still re-extracts old articles.
        """
        if url is None and content_hash is None:
            raise ValueError("is_known needs a url or a content_hash")
        query = select(ArticleRow.id)
        if url is not None:
            query = query.where(ArticleRow.url == storable(url))
        if content_hash is not None:
            query = query.where(ArticleRow.content_hash == content_hash)
        if extractor_version is not None:
            query = query.where(ArticleRow.extractor_version == extractor_version)
        with self.engine.connect() as connection:
            return connection.execute(query.limit(1)).first() is not None

    @retried
    def known_texts(self, content_hashes: Iterable[str], extractor_version: str) -> set[str]:
        """Return those of `content_hashes` whose text is stored, extracted by
        `extractor_version`: `is_known` for a batch of texts, in one query per thousand."""
        wanted = sorted(set(content_hashes))
        known: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), KNOWN_TEXTS_PER_QUERY):
                part = wanted[start : start + KNOWN_TEXTS_PER_QUERY]
                known.update(connection.scalars(
                    select(ArticleRow.content_hash).where(
                        ArticleRow.content_hash.in_(part),
                        ArticleRow.extractor_version == extractor_version,
                    )
                ))
        return known

    def refresh_statistics(self) -> list[str]:
        """Gather planner statistics on the tables that outgrew theirs; return their names.

        PostgreSQL only (`db.statistics` says why); the ingest flow calls it after each batch.
        """
        with self.engine.begin() as connection:
            return analyze_stale_tables(connection)

    @retried
    def save(self, result: ExtractionResult, run_id: int | None = None) -> SaveOutcome:
        """Write one article and its events in one transaction; safe to repeat.

        result (ExtractionResult): the article, its events and the actor mentions.
        run_id (int | None): the run writing it, kept as the article's `run_id`.
        RETURNS (SaveOutcome): the article id and what changed.
        Raises UnknownEventCodeError (nothing written) when an event's code is not in CAMEO,
        and ValueTooLongError (nothing written) when the article's document id, URL or source
        is longer than its column. NUL characters are left out of the article's metadata.
        """
        result = replace(result, article=storable_article(result.article))
        try:
            return self._save(result, run_id)
        except IntegrityError:
            # A concurrent writer stored the same article or URL version first; saving again
            # now sees its row and takes the unchanged or replace path.
            logger.info("retrying %s after a concurrent write", result.article.document)
            return self._save(result, run_id)

    def _save(self, result: ExtractionResult, run_id: int | None) -> SaveOutcome:
        article = result.article
        content_hash = article.content_hash
        with self._sessions.begin() as session:
            row = session.scalars(
                select(ArticleRow).where(ArticleRow.content_hash == content_hash)
            ).one_or_none()
            if row is not None and row.extractor_version == result.extractor_version:
                return SaveOutcome(article_id=row.id, created=False, replaced=False, events=0)
            now = utcnow()
            created = row is None
            changes = ChangeSet()
            if row is None:
                row = self._new_article(session, article, result.extractor_version)
                row.extracted_at, row.run_id = now, run_id  # in its INSERT: no UPDATE after
                session.flush()
            else:
                self._refresh_article(row, article, result.extractor_version)
            previous, superseded = self._predecessors(session, row, created)
            row.extracted_at, row.run_id = now, run_id
            session.flush()
            changes.upsert("article", content_hash)
            stored = {} if previous is None else self._stored_events(session, previous)
            # Read before any is deleted, so a new event that repeats a deleted one keeps its
            # happening; kept events keep theirs in place (db.revise).
            replaced = [] if previous is None else reports_of(session.connection(), previous)
            events, countries = (
                ([], {}) if superseded else self._event_rows(session, result, row, changes)
            )
            new_events, written = self._write_events(session, stored, events, changes)
            if new_events:
                self._link(session, new_events, countries, replaced, changes)
            changes.append_to_log(session)
            logger.debug(
                "%s article %s (%d events, %d written)",
                "stored" if created else "re-extracted",
                article.document,
                len(events),
                written,
            )
            return SaveOutcome(
                article_id=row.id,
                created=created,
                replaced=not created or row.version > 1,
                events=written,
            )

    @staticmethod
    def _predecessors(
        session: Session, row: ArticleRow, created: bool
    ) -> tuple[Select[tuple[int]] | None, bool]:
        """Return the articles whose events `row` takes over, and whether `row` is superseded.

        A new row takes over the events of its page's earlier versions (None: it has none), a
        re-extracted row its own; a row with a newer version of its page keeps no events.
        """
        if created:
            if row.url is None or row.version == 1:
                return None, False
            return select(ArticleRow.id).where(
                ArticleRow.url == row.url, ArticleRow.version < row.version
            ), False
        newer = exists().where(ArticleRow.url == row.url, ArticleRow.version > row.version)
        superseded = row.url is not None and bool(session.scalar(select(newer)))
        return select(ArticleRow.id).where(ArticleRow.id == row.id), superseded

    def _new_article(
        self, session: Session, article: Article, extractor_version: str
    ) -> ArticleRow:
        version = 1
        if article.url is not None:
            latest = session.scalar(
                select(func.max(ArticleRow.version)).where(ArticleRow.url == article.url)
            )
            version = (latest or 0) + 1
        row = ArticleRow(
            content_hash=article.content_hash, url=article.url, version=version, text=article.text
        )
        self._refresh_article(row, article, extractor_version)
        session.add(row)
        return row

    @staticmethod
    def _stored_events(session: Session, article_ids: Select[tuple[int]]) -> dict[str, EventRow]:
        """Return the events of the selected articles, with participants and evidence, by uid."""
        rows = session.scalars(
            select(EventRow)
            .where(EventRow.article_id.in_(article_ids))
            .options(selectinload(EventRow.participants), selectinload(EventRow.evidence))
        )
        return {row.event_uid: row for row in rows}

    def _write_events(
        self,
        session: Session,
        stored: dict[str, EventRow],
        events: list[EventRow],
        changes: ChangeSet,
    ) -> tuple[list[EventRow], int]:
        """Make the `stored` events (by uid) what `events` says, but for inserting new ones.

        A kept uid is updated in place when its content changed (an unchanged row is left
        alone and not logged), and a stored uid no longer reported is deleted and tombstoned.
        RETURNS: the new events, to be linked and inserted (`_link`), and the rows written or
            to be inserted.
        """
        new: list[EventRow] = []
        written = 0
        for event in events:
            kept = stored.pop(event.event_uid, None)
            if kept is None:
                new.append(event)
            elif not update_event(session, kept, event):
                continue
            changes.upsert("event", event.event_uid)
            written += 1
        for uid, gone in stored.items():
            session.delete(gone)
            changes.delete("event", uid)
        self._tombstone(session, stored.keys())
        if events:
            session.execute(
                delete(DeletedEventRow).where(
                    DeletedEventRow.event_uid.in_([event.event_uid for event in events])
                ),
                execution_options={"synchronize_session": False},
            )
        return new, written

    @staticmethod
    def _link(
        session: Session,
        events: list[EventRow],
        countries: dict[int, str | None],
        replaced: list[Report],
        changes: ChangeSet,
    ) -> None:
        """Give the new `events` their happenings (db.linking) and insert them (db.inserts);
        `countries` gives their actors' countries by actor id.

        Everything else is written first; then the change-log lock is taken, so concurrent
        writers link one after the other, and the events are inserted with their happening.
        """
        session.flush()
        changes.lock(session)
        linked = link_reports(
            session.connection(), [new_report(event, countries) for event in events], replaced
        )
        for event, happening in zip(events, linked.given, strict=True):
            event.happening_id = happening
        insert_events(session.connection(), events)
        for uid in linked.moved:  # events of other articles whose happening was merged
            changes.upsert("event", uid)

    @staticmethod
    def _refresh_article(row: ArticleRow, article: Article, extractor_version: str) -> None:
        """Copy the descriptive metadata; URL and version stay, as they identify the row."""
        row.document = article.document
        row.title = article.title
        row.source = article.source
        row.published = article.published
        row.published_precision = "day" if article.published else "unknown"
        row.published_from = article.published_from
        row.language = article.language
        row.extractor_version = extractor_version

    # Events ---------------------------------------------------------------------------------

    def _cameo_table(self, session: Session) -> dict[str, tuple[str, int, float]]:
        if self._cameo is None:
            rows = session.execute(
                select(
                    CameoCodeRow.code,
                    CameoCodeRow.root,
                    CameoCodeRow.quad_class,
                    CameoCodeRow.goldstein,
                )
            )
            self._cameo = {code: (root, quad, goldstein) for code, root, quad, goldstein in rows}
        return self._cameo

    def _event_rows(
        self, session: Session, result: ExtractionResult, article: ArticleRow, changes: ChangeSet
    ) -> tuple[list[EventRow], dict[int, str | None]]:
        """Build the event rows of `result`, not yet added to the session, and return them
        with their actors' countries by actor id.

        Events with the same uid (same code, participants, date and sentence) are one row:
        the first one's values, every evidence sentence of all of them, in order.
        """
        cameo = self._cameo_table(session)
        actors = resolve_actors(
            session, [p.actor for event in result.events for p in event.participants], changes
        )
        actor_ids = {key: actor.id for key, actor in actors.items()}
        by_uid: dict[str, EventRow] = {}
        key = article_key(article.url, article.content_hash)
        for event in result.events:
            reference = cameo.get(event.code)
            if reference is None:
                raise UnknownEventCodeError(
                    f"event code {event.code!r} in {result.article.document} is not a CAMEO "
                    "code in the cameo_codes table"
                )
            uid = event_uid(key, event)
            row = by_uid.get(uid)
            if row is None:
                row = self._new_event(event, uid, article.id, reference, actor_ids)
                row.extractor_version = result.extractor_version
                by_uid[uid] = row
            known_spans = {(ev.start_char, ev.end_char) for ev in row.evidence}
            for evidence in event.evidence:
                if (evidence.start_char, evidence.end_char) in known_spans:
                    continue
                known_spans.add((evidence.start_char, evidence.end_char))
                row.evidence.append(
                    EventEvidenceRow(
                        sentence=evidence.sentence,
                        start_char=evidence.start_char,
                        end_char=evidence.end_char,
                        trigger=evidence.trigger,
                    )
                )
            if row.sentence is None and event.evidence:
                first = event.evidence[0]
                row.sentence, row.start_char, row.end_char = (
                    first.sentence,
                    first.start_char,
                    first.end_char,
                )
        learn_aliases(session, result, actor_ids)
        return list(by_uid.values()), {actor.id: actor.country for actor in actors.values()}

    @staticmethod
    def _new_event(
        event: Event,
        uid: str,
        article_id: int,
        reference: tuple[str, int, float],
        actor_ids: dict[tuple[str, str], int],
    ) -> EventRow:
        root, quad_class, goldstein = reference
        location = event.location
        date_start, date_end = stored_range(event.date)
        row = EventRow(
            event_uid=uid,
            article_id=article_id,
            code=event.code,
            root=root,
            quad_class=quad_class,
            goldstein=goldstein,
            date_start=date_start,
            date_end=date_end,
            date_value=event.date.value,
            date_precision=event.date.precision,
            date_method=event.date.method,
            date_text=event.date.text,
            location_name=location.name if location else None,
            location_country=location.country if location else None,
            location_region=location.region if location else None,
            latitude=location.latitude if location else None,
            longitude=location.longitude if location else None,
            location_precision=location.precision if location else None,
            modality=event.modality,
        )
        # One row per (actor, role), in the order the extractor gave them.
        rows = list(
            dict.fromkeys(
                (actor_ids[(p.actor.name, p.actor.kind)], p.role) for p in event.participants
            )
        )
        for position, ((actor_id, role), side) in enumerate(
            zip(rows, sides(event.code, rows), strict=True)
        ):
            row.participants.append(
                EventParticipantRow(actor_id=actor_id, role=role, position=position, side=side)
            )
        return row

    def _tombstone(self, session: Session, uids: Iterable[str]) -> None:
        for uid in uids:
            session.merge(DeletedEventRow(event_uid=uid, deleted_at=utcnow()))

    # Errors ---------------------------------------------------------------------------------

    @retried
    def record_error(self, error: ArticleError, run_id: int | None = None) -> None:
        """Store why an article failed; the same document, stage and message is one row.

        Values that do not fit are shortened (see `db.values.storable_error`), so recording an
        error does not fail for the value that made the article fail.
        """
        error = storable_error(error)
        fingerprint = error_fingerprint(error)
        query = select(IngestionErrorRow).where(IngestionErrorRow.fingerprint == fingerprint)
        with self._sessions.begin() as session:
            row = session.scalars(query).one_or_none()
            if row is None:
                try:
                    with session.begin_nested():
                        session.add(
                            IngestionErrorRow(
                                run_id=run_id,
                                document=error.document,
                                url=error.url,
                                stage=error.stage,
                                message=error.message,
                                fingerprint=fingerprint,
                            )
                        )
                    return
                except IntegrityError:  # recorded by a concurrent writer
                    row = session.scalars(query).one()
            row.last_seen_at = utcnow()
            if run_id is not None:
                row.run_id = run_id
