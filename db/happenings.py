"""Happenings: the events of different articles that report one real happening share an id.

Three outlets report one meeting, dated `2025-09`, `2025-09-03` and `2025-09-04`: three
event rows, one `happening_id`. The id is given when an event is stored, in the writer's
transaction (`link`), and changed afterwards only when a later report shows two happenings to
be one (see Merging below), so it is a key consumers can keep.

An event joins a happening when it is compatible with one of the happening's events:
- same CAMEO root (a visit and a meeting of the same pair on the same day are one happening;
  a meeting and a threat are not);
- the same reality: asserted and planned reports agree (a planned meeting that took place),
  hypothetical and negated ones only join their own kind;
- dates that meet: both dated to a day, week or month (`LINKABLE_PRECISIONS`), and their
  ranges overlap or lie at most `DAY_SLACK` apart (outlets a day apart report one meeting);
  and compatible with the dates of *every* dated event of the happening, so a month-dated
  report cannot chain two meetings of that month into one;
- places that agree: when both events have a location country, it is the same;
- parties that agree: each side of the comparison is the set of its participants' countries
  (an actor without a country stands for itself); the sets are equal or share at least two
  parties (China and Russia; China and Russia with Brazil attending; China and Russia with
  Kazakhstan attending). China–Russia and China–Brazil talks on one day are two, and an event
  of one party joins only events of that party alone.

Events dated coarser than a month, or not at all, join no happening: each gets its own
(a year-dated "talks this year" could be any meeting of the pair). An event dated to a week or
a month that fits two happenings (two meetings of the pair that month) could be either, and
gets its own too. When an event dated to a day fits several happenings, the oldest (lowest id)
wins, so the choice does not depend on the order rows are read.

Merging: a summit of Uruguay, Paraguay and Bolivia reported first as Uruguay–Paraguay talks,
then as Paraguay–Bolivia talks, gives two happenings (the pairs share one party only); a
third report naming all three, dated to the day, fits both and shows them to be one. They are
merged into the oldest when all their dated events and the report meet on one day (give or
take DAY_SLACK) and they are placed in one country at most. The events moved keep their keys
and are logged as changed, so feeds carry their new `happening_id`; the younger id is retired
and never given out again. This is the one case where a stored event's happening changes: it
makes the result the same whichever order the three reports arrive in.

Re-saving an article keeps its events' happenings: an event that keeps its key (db.keys) is
updated in place and keeps its `happening_id` (db.revise never copies it); the events it
replaces are read first (`reports_of`), and a new event identical to a replaced one (same
code, participants and date value, say with an edited sentence) takes its happening; a changed
one may rejoin it like any other event. Deleting an
article's events leaves the other events of their happenings as they are; a happening left
with no event disappears from the `happenings` view, and its id stays taken.

Cost: a new report is compared with the RECENT_REPORTS latest reports of each happening near
its date, found by the happening's root and span (`happening_ids.first_day`, `last_day`), and
must meet the bounds every report of it covers (`first_end`, `last_start`), kept there as
reports join. So linking costs the same whether a happening has two reports or two thousand,
and whatever the size of the database. Neither is recomputed when reports go: the span may
then cover days none of the rest do (a few more candidates), and the bounds stay as strict as
the reports that set them (which can keep a report out, never let a wrong one in).

Concurrency: `link` runs after the writer took the change-log lock (`db.changes`), which
serializes writers on PostgreSQL and MySQL until they commit; SQLite writers are serialized
from BEGIN IMMEDIATE. Each statement after the lock sees the events every earlier writer
committed, so two ingests of reports of one meeting give it one id.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    case,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)

from db.models import ActorRow, EventParticipantRow, EventRow, HappeningIdRow, utcnow

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Precisions fine enough to tell one happening from another of the same kind and parties.
LINKABLE_PRECISIONS = ("day", "week", "month")
# How far apart two reported ranges may lie and still be one happening.
DAY_SLACK = dt.timedelta(days=1)
# The longest range a linkable date covers, last day less first: a month's.
LONGEST_RANGE = dt.timedelta(days=30)
# Reports of a happening a new event is compared with: its latest ones. A happening's reports
# agree with one another, so comparing with all of them (thousands for a big summit) would
# cost time without changing the outcome.
RECENT_REPORTS = 20
# Modalities that describe the same reality: a planned event that took place was asserted later.
REALITY = {"asserted": "real", "planned": "real"}

_EVENTS = EventRow.__table__
_PARTICIPANTS = EventParticipantRow.__table__
_ACTORS = ActorRow.__table__
_HAPPENINGS = HappeningIdRow.__table__


@dataclass(frozen=True)
class Report:
    """What linking compares of one stored event."""

    event_id: int
    happening_id: int | None
    code: str
    root: str
    start: dt.date | None
    end: dt.date | None
    precision: str
    date_value: str | None
    country: str | None
    modality: str
    actors: frozenset[int]
    parties: frozenset[str]

    @property
    def linkable(self) -> bool:
        """Dated finely enough to join another report's happening."""
        dated = self.start is not None and self.end is not None
        return dated and self.precision in LINKABLE_PRECISIONS

    def same_as(self, other: Report) -> bool:
        """The same event again: same code, participants and date value (a re-saved article)."""
        return (self.code, self.actors, self.date_value) == (
            other.code,
            other.actors,
            other.date_value,
        )


def dates_meet(a: Report, b: Report) -> bool:
    """Both are linkable and their ranges overlap or lie at most DAY_SLACK apart."""
    if not (a.linkable and b.linkable):
        return False
    return a.start <= b.end + DAY_SLACK and b.start <= a.end + DAY_SLACK  # type: ignore[operator]


def parties_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same parties, or they share at least two (so one lies within the other, or both
    name two members of one summit). A lone party within a larger set is not enough: "Kenya
    said" is no part of every Kenyan meeting that day."""
    return bool(a) and (a == b or len(a & b) >= 2)


def compatible(a: Report, b: Report) -> bool:
    """Return True when `a` and `b` may report the same happening (see the module docstring)."""
    return (
        a.root == b.root
        and REALITY.get(a.modality, a.modality) == REALITY.get(b.modality, b.modality)
        and (a.country is None or b.country is None or a.country == b.country)
        and dates_meet(a, b)
        and parties_agree(a.parties, b.parties)
    )


def reports_of(connection: Connection, article_ids: Select[tuple[int]]) -> list[Report]:
    """Return the reports of the events of the selected articles that have a happening.

    Read before the writer deletes those events, so their replacements can keep the ids.
    """
    return _reports(
        connection,
        (_EVENTS.c.article_id.in_(article_ids), _EVENTS.c.happening_id.is_not(None)),
    )


@dataclass(frozen=True)
class Linked:
    """What `link` did: the happening given to each event, and the keys of stored events a
    merge moved to another happening (the writer logs them as changed)."""

    given: dict[int, int]
    moved: list[str]


def link(
    connection: Connection, event_ids: Iterable[int], replaced: Sequence[Report] = ()
) -> Linked:
    """Give each event of `event_ids` without a happening one, in id order.

    replaced (Sequence[Report]): the reports of events this transaction deleted and replaces.
    RETURNS (Linked): event id -> happening id for the events given one, and the keys of
        events moved by merging happenings this report showed to be one.
    """
    wanted = sorted(set(event_ids))
    if not wanted:
        return Linked({}, [])
    reports = _reports(
        connection, (_EVENTS.c.id.in_(wanted), _EVENTS.c.happening_id.is_(None))
    )
    given: dict[int, int] = {}
    moved: list[str] = []
    for report in sorted(reports, key=lambda r: r.event_id):
        fitting = _fitting(connection, report, replaced)
        if len(fitting) > 1 and _one_happening(connection, report, fitting):
            moved += _merge(connection, min(fitting), fitting)
        happening = _choose(report, fitting)
        if happening is None:
            happening = _new_happening(connection, report)
        elif report.linkable:
            _widen(connection, happening, report.root, Span.of(report))
        connection.execute(
            update(_EVENTS).where(_EVENTS.c.id == report.event_id).values(happening_id=happening)
        )
        given[report.event_id] = happening
    return Linked(given, moved)


def _fitting(connection: Connection, report: Report, replaced: Sequence[Report]) -> list[int]:
    """The happenings `report` may join: the one of an identical replaced event alone, else
    every happening with a compatible event whose dated events all meet `report`'s date."""
    for old in replaced:
        if old.happening_id is not None and old.same_as(report):
            return [old.happening_id]
    if not report.linkable:
        return []
    candidates, spans = _candidates(connection, report)
    matches = {
        other.happening_id
        for other in [*candidates, *replaced]
        if other.happening_id is not None and compatible(report, other)
    }
    if not matches:
        return []
    if not matches <= spans.keys():  # a replaced event's happening, not near the new date
        spans.update(_dated_spans(connection, matches - spans.keys()))
    return sorted(h for h in matches if h not in spans or _within_all(report, *spans[h]))


def _choose(report: Report, fitting: list[int]) -> int | None:
    """The happening `report` joins: the oldest that fits (the choice then does not depend on
    the order rows are read), unless it is dated to a week or month and fits two: it could
    be either (None)."""
    if not fitting or (len(fitting) > 1 and report.precision != "day"):
        return None
    return min(fitting)


def _one_happening(connection: Connection, report: Report, fitting: list[int]) -> bool:
    """Whether a day-dated report that fits several happenings shows them to be one: a summit
    of three reported as two different pairs, then by a report naming all three. They are one
    when all their dated events and the report meet on one day (give or take DAY_SLACK) and
    they are placed in one country at most; two meetings two days apart, which a report
    dated between them fits, stay two."""
    if report.precision != "day":
        return False
    spans = _dated_spans(connection, fitting)
    earliest_end = min([report.end, *(end for end, _ in spans.values())])
    latest_start = max([report.start, *(start for _, start in spans.values())])
    if latest_start > earliest_end + DAY_SLACK:  # type: ignore[operator]
        return False
    countries = set(
        connection.scalars(
            select(_EVENTS.c.location_country).distinct().where(
                _EVENTS.c.happening_id.in_(fitting), _EVENTS.c.location_country.is_not(None)
            )
        )
    )
    return len(countries | ({report.country} if report.country else set())) <= 1


def _merge(connection: Connection, keep: int, happenings: list[int]) -> list[str]:
    """Move the events of `happenings` other than `keep` to `keep`; return their keys.

    The other ids are retired, never given out again (their `happening_ids` rows stay)."""
    others = [happening for happening in happenings if happening != keep]
    moved = list(
        connection.scalars(
            select(_EVENTS.c.event_uid).where(_EVENTS.c.happening_id.in_(others))
        )
    )
    connection.execute(
        update(_EVENTS).where(_EVENTS.c.happening_id.in_(others)).values(happening_id=keep)
    )
    h = _HAPPENINGS.c
    root, *bounds = connection.execute(
        select(func.min(h.root), func.min(h.first_day), func.max(h.last_day),
               func.min(h.first_end), func.max(h.last_start)).where(h.id.in_(others))
    ).one()
    if root is not None:
        _widen(connection, keep, root, Span(*bounds))
    logger.debug("happenings %s merged into %d (%d events moved)", others, keep, len(moved))
    return moved


@dataclass(frozen=True)
class Span:
    """The days a happening's dated reports cover (first_day..last_day), and the bounds a new
    report must meet, give or take DAY_SLACK: the earliest last day and the latest first day
    among them (first_end, last_start)."""

    first_day: dt.date
    last_day: dt.date
    first_end: dt.date
    last_start: dt.date

    @classmethod
    def of(cls, report: Report) -> Span:
        """The span of one linkable report."""
        assert report.start is not None and report.end is not None
        return cls(report.start, report.end, report.end, report.start)


def _widen(connection: Connection, happening: int, root: str, span: Span) -> None:
    """Make a happening's span in happening_ids cover `span` too."""
    h = _HAPPENINGS.c
    connection.execute(
        update(_HAPPENINGS)
        .where(h.id == happening)
        .values(
            root=root,
            first_day=_earlier(h.first_day, span.first_day),
            last_day=_later(h.last_day, span.last_day),
            first_end=_earlier(h.first_end, span.first_end),
            last_start=_later(h.last_start, span.last_start),
        )
    )


def _earlier(column: ColumnElement[dt.date], day: dt.date) -> ColumnElement[dt.date]:
    """SQL for the earlier of a nullable date column and `day`."""
    return case((or_(column.is_(None), column > day), day), else_=column)


def _later(column: ColumnElement[dt.date], day: dt.date) -> ColumnElement[dt.date]:
    """SQL for the later of a nullable date column and `day`."""
    return case((or_(column.is_(None), column < day), day), else_=column)


def _within_all(report: Report, earliest_end: dt.date, latest_start: dt.date) -> bool:
    """`report`'s dates meet those of every dated event of a happening, given the happening's
    earliest end and latest start."""
    return (
        report.start <= earliest_end + DAY_SLACK  # type: ignore[operator]
        and latest_start <= report.end + DAY_SLACK  # type: ignore[operator]
    )


def _dated_spans(
    connection: Connection, happenings: Iterable[int]
) -> dict[int, tuple[dt.date, dt.date]]:
    """Happening id -> (earliest date_end, latest date_start) of its linkable events."""
    return _bounds(connection, _HAPPENINGS.c.id.in_(sorted(happenings)))


def _bounds(
    connection: Connection, *conditions: ColumnElement[bool]
) -> dict[int, tuple[dt.date, dt.date]]:
    """Happening id -> (earliest date_end, latest date_start) of its linkable events, for the
    happenings matching `conditions`, as happening_ids keeps them (so reading them does not
    grow with the reports)."""
    h = _HAPPENINGS.c
    rows = connection.execute(
        select(h.id, h.first_end, h.last_start).where(h.first_end.is_not(None), *conditions)
    )
    return {happening: (end, start) for happening, end, start in rows}


def _candidates(
    connection: Connection, report: Report
) -> tuple[list[Report], dict[int, tuple[dt.date, dt.date]]]:
    """Stored events with a happening, the same root and a date range near `report`'s: the
    RECENT_REPORTS latest of each happening, so a happening reported a thousand times costs
    no more to join than one reported twenty times. The happenings are looked up first, by
    their root and span (happening_ids), so the cost does not grow with the database.

    RETURNS: the candidate reports, and the near happenings' bounds as `_dated_spans` gives
        them (read with the happenings, to save a statement).
    """
    h = _HAPPENINGS.c
    spans = _bounds(
        connection,
        h.root == report.root,
        # A happening that ends no earlier than `report` starts (less DAY_SLACK) began at most
        # a month before (its reports cover a month at most): the lower bound keeps the index
        # range to the weeks around the report, however old the database.
        h.first_day >= report.start - DAY_SLACK - LONGEST_RANGE,  # type: ignore[operator]
        h.first_day <= report.end + DAY_SLACK,  # type: ignore[operator]
        h.last_day >= report.start - DAY_SLACK,  # type: ignore[operator]
    )
    near = list(spans)
    if not near:
        return [], spans
    latest = [  # each read backwards on the (happening_id, id) index, all in one statement
        select(_EVENTS.c.id)
        .where(
            _EVENTS.c.happening_id == happening,
            _EVENTS.c.root == report.root,
            _EVENTS.c.date_precision.in_(LINKABLE_PRECISIONS),
            _EVENTS.c.date_start <= report.end + DAY_SLACK,  # type: ignore[operator]
            _EVENTS.c.date_end >= report.start - DAY_SLACK,  # type: ignore[operator]
        )
        .order_by(_EVENTS.c.id.desc())
        .limit(RECENT_REPORTS)
        .subquery()
        for happening in near
    ]
    ids = union_all(*(select(subquery.c.id) for subquery in latest))
    return _reports(connection, (_EVENTS.c.id.in_(ids),)), spans


def _reports(connection: Connection, conditions: Sequence) -> list[Report]:
    """Return the reports of the events matching `conditions`, with their participants."""
    rows = connection.execute(
        select(
            _EVENTS.c.id,
            _EVENTS.c.happening_id,
            _EVENTS.c.code,
            _EVENTS.c.root,
            _EVENTS.c.date_start,
            _EVENTS.c.date_end,
            _EVENTS.c.date_precision,
            _EVENTS.c.date_value,
            _EVENTS.c.location_country,
            _EVENTS.c.modality,
        ).where(*conditions)
    ).all()
    actors, parties = _participants(connection, [row.id for row in rows])
    return [
        Report(
            event_id=row.id,
            happening_id=row.happening_id,
            code=row.code,
            root=row.root,
            start=row.date_start,
            end=row.date_end,
            precision=row.date_precision,
            date_value=row.date_value,
            country=row.location_country,
            modality=row.modality,
            actors=frozenset(actors[row.id]),
            parties=frozenset(parties[row.id]),
        )
        for row in rows
    ]


def _participants(
    connection: Connection, event_ids: list[int]
) -> tuple[dict[int, set[int]], dict[int, set[str]]]:
    """Event id -> its actor ids, and event id -> its parties (countries, else actor ids)."""
    actors: dict[int, set[int]] = defaultdict(set)
    parties: dict[int, set[str]] = defaultdict(set)
    if not event_ids:
        return actors, parties
    rows = connection.execute(
        select(_PARTICIPANTS.c.event_id, _ACTORS.c.id, _ACTORS.c.country)
        .join(_ACTORS, _ACTORS.c.id == _PARTICIPANTS.c.actor_id)
        .where(_PARTICIPANTS.c.event_id.in_(event_ids))
    )
    for event_id, actor_id, country in rows:
        actors[event_id].add(actor_id)
        parties[event_id].add(country or f"actor:{actor_id}")
    return actors, parties


def _new_happening(connection: Connection, report: Report) -> int:
    """Give out a new happening id for `report`, with its span when it is linkable."""
    values: dict[str, object] = {"created_at": utcnow()}
    if report.linkable:
        values.update(root=report.root, **asdict(Span.of(report)))
    result = connection.execute(insert(_HAPPENINGS).values(**values))
    return result.inserted_primary_key[0]
