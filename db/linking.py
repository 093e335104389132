"""Linking: the new events of an article given their happenings, in a few statements.

The rules are those of `db.happenings`. Linking applies them to an article's new events one
after the other, each seeing the ones before it as if they were stored, but reads what they
need at once: the happenings near any of their dates, with their spans (one statement), and
the latest reports of each with their participants (one statement). It writes at the end: the
happenings it gave out (one statement) and the spans that grew (one more). The writer then
inserts the events with their `happening_id` set, so no event row is written twice. Only a
merge, which is rare, costs more statements.

Concurrency: the writer takes the change-log lock (`db.changes`) before linking and holds it
until it commits, which serializes writers on PostgreSQL and MySQL; SQLite writers are
serialized from BEGIN IMMEDIATE. So linking reads what every earlier writer committed, nothing
changes it before this writer commits, and the spans it read can be written back widened: two
ingests of reports of one meeting give it one id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    select,
    union_all,
    update,
)

from db.happenings import (
    DAY_SLACK,
    EVENTS,
    HAPPENINGS,
    RECENT_REPORTS,
    Report,
    Span,
    compatible,
    near_bounds,
    read_reports,
    reports_from,
    reports_query,
)
from db.inserts import inserted_ids
from db.models import utcnow

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Happenings given out while linking get provisional ids from here on, above any stored id and
# in the order given, so the oldest still wins among them; they are inserted at the end, in one
# statement, and the ids handed back are the stored ones. Provisional ids never reach SQL.
PROVISIONAL = 1 << 62
# Stored events linked per round of `link`: each round reads the happenings near its events'
# dates in one statement, so a round should not span the whole database.
STORED_ROUND = 200


@dataclass(frozen=True)
class Linked:
    """What linking did: the happening given to each event, in the order given, and the keys
    of stored events a merge moved to another happening (the writer logs them as changed)."""

    given: list[int]
    moved: list[str]


def link_reports(
    connection: Connection, reports: Sequence[Report], replaced: Sequence[Report] = ()
) -> Linked:
    """Give a happening to each of `reports`, events about to be stored, in their order.

    replaced (Sequence[Report]): the reports of events this transaction deleted and replaces.
    """
    if not reports:
        return Linked([], [])
    return _Linking(connection, reports, replaced).run(reports)


def link(connection: Connection, event_ids: Iterable[int]) -> Linked:
    """Give each stored event of `event_ids` without a happening one, in id order, and write
    it into the event rows (for events stored before linking existed)."""
    wanted = sorted(set(event_ids))
    given: list[int] = []
    moved: list[str] = []
    for start in range(0, len(wanted), STORED_ROUND):
        ids = wanted[start : start + STORED_ROUND]
        reports = sorted(
            read_reports(connection, (EVENTS.c.id.in_(ids), EVENTS.c.happening_id.is_(None))),
            key=lambda report: report.event_id,  # type: ignore[arg-type, return-value]
        )
        linked = link_reports(connection, reports)
        if reports:
            connection.execute(
                update(EVENTS)
                .where(EVENTS.c.id == bindparam("event"))
                .values(happening_id=bindparam("happening")),
                [{"event": report.event_id, "happening": happening}
                 for report, happening in zip(reports, linked.given, strict=True)],
            )
        given += linked.given
        moved += linked.moved
    return Linked(given, moved)


@dataclass
class _Happening:
    """A happening the reports may join: one near their dates, or one given out now.

    reports: its latest stored reports near the article's dates, then the new ones it got.
    grown: its root or span changed here and must be written back.
    """

    id: int
    root: str | None
    span: Span | None  # None: none of its reports is dated finely enough to link
    reports: list[Report] = field(default_factory=list)
    grown: bool = False


class _Linking:
    """One article's linking: the happenings it knows of, and what it changed."""

    def __init__(
        self, connection: Connection, reports: Sequence[Report], replaced: Sequence[Report]
    ) -> None:
        self.connection = connection
        self.replaced = replaced
        self.known: dict[int, _Happening] = {}
        self.retired: dict[int, int] = {}  # happening merged here -> the one it went into
        self.moved: list[str] = []
        self.created: list[int] = []  # provisional ids of the happenings given out here
        self._read_near(reports)

    def run(self, reports: Sequence[Report]) -> Linked:
        given = [self._give(report) for report in reports]
        # After every report is given one: a later report may merge an earlier one's away.
        current = [self._current(happening) for happening in given]
        ids = self._write_new()
        self._write_spans()
        return Linked([ids.get(happening, happening) for happening in current], self.moved)

    def _give(self, report: Report) -> int:
        """The happening `report` joins, given out new when it joins none."""
        fitting = self._fitting(report)
        if len(fitting) > 1 and self._one_happening(report, fitting):
            self._merge(min(fitting), fitting)
        happening = _choose(report, fitting)
        if happening is None:
            return self._new(report)
        if report.linkable:
            self._widen(happening, report)
            self.known[happening].reports.append(report)
        return happening

    def _current(self, happening: int) -> int:
        """The happening `happening` is now: itself, or the one it was merged into."""
        while happening in self.retired:
            happening = self.retired[happening]
        return happening

    # Choosing -------------------------------------------------------------------------------

    def _fitting(self, report: Report) -> list[int]:
        """The happenings `report` may join: the one of an identical replaced event alone,
        else every happening with a compatible report whose span admits `report`'s date."""
        for old in self.replaced:
            if old.happening_id is not None and old.same_as(report):
                return [self._current(old.happening_id)]
        if not report.linkable:
            return []
        matches = {
            happening.id
            for happening in self.known.values()
            if happening.root == report.root
            and happening.span is not None
            and happening.span.near(report)
            and any(compatible(report, other) for other in happening.reports)
        }
        matches.update(
            self._current(old.happening_id)
            for old in self.replaced
            if old.happening_id is not None and compatible(report, old)
        )
        self._read(matches - self.known.keys())  # a replaced event's, not near these dates
        return sorted(
            happening for happening in matches
            if (span := self.known[happening].span) is None or span.admits(report)
        )

    def _one_happening(self, report: Report, fitting: list[int]) -> bool:
        """Whether a day-dated report that fits several happenings shows them to be one: a
        summit of three reported as two different pairs, then by a report naming all three.
        They are one when all their dated reports and this one meet on one day (give or take
        DAY_SLACK) and they are placed in one country at most; two meetings two days apart,
        which a report dated between them fits, stay two."""
        if report.precision != "day":
            return False
        spans = [span for h in fitting if (span := self.known[h].span) is not None]
        earliest_end = min([report.end, *(span.first_end for span in spans)])
        latest_start = max([report.start, *(span.last_start for span in spans)])
        if latest_start > earliest_end + DAY_SLACK:  # type: ignore[operator]
            return False
        stored = [happening for happening in fitting if happening < PROVISIONAL]
        countries = set() if not stored else set(
            self.connection.scalars(
                select(EVENTS.c.location_country).distinct().where(
                    EVENTS.c.happening_id.in_(stored), EVENTS.c.location_country.is_not(None)
                )
            )
        )
        countries.update(  # and those of the new reports given them here
            other.country for h in fitting for other in self.known[h].reports if other.country
        )
        return len(countries | ({report.country} if report.country else set())) <= 1

    # Writing --------------------------------------------------------------------------------

    def _merge(self, keep: int, happenings: list[int]) -> None:
        """Move the events of `happenings` other than `keep` to `keep`.

        The other ids are retired, never given out again: stored ones keep their
        `happening_ids` rows, and provisional ones are never inserted."""
        others = [happening for happening in happenings if happening != keep]
        stored = [happening for happening in others if happening < PROVISIONAL]
        moved = [] if not stored else list(
            self.connection.scalars(
                select(EVENTS.c.event_uid).where(EVENTS.c.happening_id.in_(stored))
            )
        )
        if moved:  # only stored happenings have stored events; `keep` is one of them then
            self.connection.execute(
                update(EVENTS).where(EVENTS.c.happening_id.in_(stored)).values(happening_id=keep)
            )
        kept = self.known[keep]
        for other in others:
            gone = self.known.pop(other)
            kept.reports += gone.reports
            if gone.span is not None:
                kept.root, kept.span, kept.grown = gone.root, gone.span.joined(kept.span), True
            self.retired[other] = keep
        self.moved += moved
        logger.debug("happenings %s merged into %d (%d events moved)", others, keep, len(moved))

    def _new(self, report: Report) -> int:
        """Give out a new happening for `report`, with its span when it is linkable, under a
        provisional id (`_write_new` inserts it)."""
        span = Span.of(report) if report.linkable else None
        happening = PROVISIONAL + len(self.created)
        self.created.append(happening)
        self.known[happening] = _Happening(
            happening, report.root if span else None, span, [report] if span else []
        )
        return happening

    def _write_new(self) -> dict[int, int]:
        """Insert the happenings given out here, not merged into another, in one statement;
        return their ids by provisional id."""
        created = [happening for happening in self.created if happening in self.known]
        now = utcnow()
        rows = []
        for happening in created:
            span = self.known[happening].span
            rows.append({"created_at": now, "root": self.known[happening].root,
                         **(asdict(span) if span else dict.fromkeys(Span.__dataclass_fields__))})
        return dict(zip(created, inserted_ids(self.connection, HAPPENINGS, rows), strict=True))

    def _widen(self, happening: int, report: Report) -> None:
        """Make a happening's span cover `report`'s dates too."""
        self._read({happening} - self.known.keys())
        target = self.known[happening]
        span = Span.of(report).joined(target.span)
        if (target.root, target.span) != (report.root, span):
            target.root, target.span, target.grown = report.root, span, True

    def _write_spans(self) -> None:
        """Write back the spans that grew, in one statement."""
        grown = [
            {"happening": h.id, "new_root": h.root,
             **{f"new_{name}": day for name, day in asdict(h.span).items()}}
            for h in self.known.values()
            if h.grown and h.span is not None and h.id < PROVISIONAL
        ]
        if not grown:
            return
        names = ("root", *Span.__dataclass_fields__)
        self.connection.execute(
            update(HAPPENINGS)
            .where(HAPPENINGS.c.id == bindparam("happening"))
            .values({name: bindparam(f"new_{name}") for name in names}),
            grown,
        )

    # Reading --------------------------------------------------------------------------------

    def _read_near(self, reports: Sequence[Report]) -> None:
        """Read the happenings near the dates of any linkable report, with their spans and
        latest reports: what `Span.near` admits, one lookup per distinct date."""
        lookups = sorted({(r.root, *near_bounds(r)) for r in reports if r.linkable})
        if not lookups:
            return
        params = {}
        for number, (root, low, high, last_from) in enumerate(lookups):
            params.update({f"root{number}": root, f"low{number}": low,
                           f"high{number}": high, f"last_from{number}": last_from})
        self._add(self.connection.execute(_near_statement(len(lookups)), params))

    def _read(self, happenings: set[int]) -> None:
        """Read the given happenings, with their spans and latest reports."""
        if happenings:
            self._add(self.connection.execute(
                select(*_HAPPENING_COLUMNS).where(HAPPENINGS.c.id.in_(sorted(happenings)))
            ))

    def _add(self, rows: Iterable) -> None:
        """Know the happenings of `rows` (id, root, then the span's four days), and read the
        latest reports of each that has linkable ones."""
        added = []
        for happening, root, *days in rows:
            if happening not in self.known:
                span = Span(*days) if days[2] is not None else None
                self.known[happening] = _Happening(happening, root, span)
                if span is not None:
                    added.append(happening)
        if not added:
            return
        params = {f"happening{number}": happening for number, happening in enumerate(added)}
        rows = self.connection.execute(_latest_statement(len(added)), params)
        for report in reports_from(rows):
            self.known[report.happening_id].reports.append(report)  # type: ignore[index]


# What `_Linking._add` reads of a happening: its id, root and span.
_HAPPENING_COLUMNS = tuple(
    HAPPENINGS.c[name] for name in ("id", "root", "first_day", "last_day", "first_end",
                                    "last_start")
)
# Statements by how many lookups they make, built once: building a statement of a few dozen
# selects costs more than running it.
_BUILT = 64


@lru_cache(maxsize=_BUILT)
def _near_statement(lookups: int) -> CompoundSelect:
    """The happenings near `lookups` dates, each looked up by the (root, first_day, last_day)
    index; parameters root<n>, low<n>, high<n> (bounds of first_day), last_from<n> (of last_day)."""
    h = HAPPENINGS.c
    return union_all(*(
        select(*_HAPPENING_COLUMNS).where(
            h.root == bindparam(f"root{number}"),
            h.first_end.is_not(None),
            h.first_day >= bindparam(f"low{number}"),
            h.first_day <= bindparam(f"high{number}"),
            h.last_day >= bindparam(f"last_from{number}"),
        )
        for number in range(lookups)
    ))


@lru_cache(maxsize=_BUILT)
def _latest_statement(happenings: int) -> Select:
    """The reports (`reports_query`) of the RECENT_REPORTS latest events of each of
    `happenings` happenings; parameters happening<n>.

    Each is read backwards on the events' (happening_id, id) index and stops after
    RECENT_REPORTS rows. Nothing else is asked of them in SQL (the rules test root, dates and
    precision): any other condition lets a planner without statistics (autovacuum off) read
    all of a happening's events through another index and sort them, a cost that grows with
    every report of it."""
    latest = [
        select(EVENTS.c.id)
        .where(EVENTS.c.happening_id == bindparam(f"happening{number}"))
        .order_by(EVENTS.c.id.desc())
        .limit(RECENT_REPORTS)
        .subquery()
        for number in range(happenings)
    ]
    ids = union_all(*(select(subquery.c.id) for subquery in latest))
    return reports_query().where(EVENTS.c.id.in_(ids))


def _choose(report: Report, fitting: list[int]) -> int | None:
    """The happening `report` joins: the oldest that fits (the choice then does not depend on
    the order rows are read), unless it is dated to a week or month and fits two: it could
    be either (None)."""
    if not fitting or (len(fitting) > 1 and report.precision != "day"):
        return None
    return min(fitting)
