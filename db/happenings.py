"""Happenings: the events of different articles that report one real happening share an id.

Three outlets report one meeting, dated `2025-09`, `2025-09-03` and `2025-09-04`: three
event rows, one `happening_id`. The id is given when an event is stored, in the writer's
transaction (`db.linking`), and changed afterwards only when a later report shows two happenings to
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

This module holds the rules and the reads; `db.linking` applies them to an article's new
events, all of them at once, and says there how writers take turns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Row, Select, select

from db.models import ActorRow, EventParticipantRow, EventRow, HappeningIdRow

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

EVENTS = EventRow.__table__
_PARTICIPANTS = EventParticipantRow.__table__
_ACTORS = ActorRow.__table__
HAPPENINGS = HappeningIdRow.__table__


@dataclass(frozen=True)
class Report:
    """What linking compares of one event: a stored one, or a new one (`new_report`)."""

    event_id: int | None  # None: not stored yet
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


def near_bounds(report: Report) -> tuple[dt.date, dt.date, dt.date]:
    """The bounds of the spans near `report`'s dates (`Span.near`): first_day from and to,
    last_day from. They are what db.linking looks up by happening_ids' (root, first_day,
    last_day) index; the lower bound on first_day (a happening's reports cover a month at
    most) keeps that range short however old the database."""
    assert report.start is not None and report.end is not None
    return (
        report.start - DAY_SLACK - LONGEST_RANGE,
        report.end + DAY_SLACK,
        report.start - DAY_SLACK,
    )


def reports_of(connection: Connection, article_ids: Select[tuple[int]]) -> list[Report]:
    """Return the reports of the events of the selected articles that have a happening.

    Read before the writer deletes those events, so their replacements can keep the ids.
    """
    return read_reports(
        connection,
        (EVENTS.c.article_id.in_(article_ids), EVENTS.c.happening_id.is_not(None)),
    )


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

    def joined(self, other: Span | None) -> Span:
        """The span covering this one and `other`."""
        if other is None:
            return self
        return Span(
            min(self.first_day, other.first_day),
            max(self.last_day, other.last_day),
            min(self.first_end, other.first_end),
            max(self.last_start, other.last_start),
        )

    def near(self, report: Report) -> bool:
        """The span lies near `report`'s dates: it may hold a report that meets them."""
        low, high, last_from = near_bounds(report)
        return low <= self.first_day <= high and self.last_day >= last_from

    def admits(self, report: Report) -> bool:
        """`report`'s dates meet those of every dated report of the happening."""
        return (
            report.start <= self.first_end + DAY_SLACK  # type: ignore[operator]
            and self.last_start <= report.end + DAY_SLACK  # type: ignore[operator]
        )


def read_reports(connection: Connection, conditions: Sequence) -> list[Report]:
    """Return the reports of the events matching `conditions`, with their participants."""
    return reports_from(connection.execute(reports_query().where(*conditions)))


@lru_cache(maxsize=1)
def reports_query() -> Select:
    """The select of what a report needs, a row per participant, for callers to add their
    conditions to (built once: building statements costs more than running small ones)."""
    events, participants, actors = EVENTS.c, _PARTICIPANTS.c, _ACTORS.c
    return select(
        events.id,
        events.happening_id,
        events.code,
        events.root,
        events.date_start,
        events.date_end,
        events.date_precision,
        events.date_value,
        events.location_country,
        events.modality,
        actors.id.label("actor_id"),
        actors.country.label("actor_country"),
    ).select_from(
        EVENTS.outerjoin(_PARTICIPANTS, participants.event_id == events.id).outerjoin(
            _ACTORS, actors.id == participants.actor_id
        )
    )


def reports_from(rows: Iterable[Row]) -> list[Report]:
    """The reports of the rows of a `reports_query`."""
    first: dict[int, Row] = {}
    actor_ids: dict[int, set[int]] = defaultdict(set)
    parties: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        first.setdefault(row.id, row)
        if row.actor_id is not None:
            actor_ids[row.id].add(row.actor_id)
            parties[row.id].add(_party(row.actor_id, row.actor_country))
    return [
        _report(row, row.id, row.happening_id, actor_ids[row.id], parties[row.id])
        for row in first.values()
    ]


def new_report(row: EventRow, countries: Mapping[int, str | None]) -> Report:
    """The report of an event row about to be inserted, its actors' countries by actor id."""
    actors = {participant.actor_id for participant in row.participants}
    parties = {_party(actor, countries.get(actor)) for actor in actors}
    return _report(row, None, None, actors, parties)


def _party(actor_id: int, country: str | None) -> str:
    """The party an actor stands for: its country, else itself."""
    return country or f"actor:{actor_id}"


def _report(
    row: Row | EventRow,
    event_id: int | None,
    happening_id: int | None,
    actors: set[int],
    parties: set[str],
) -> Report:
    """The report of `row`, an events row read or an EventRow (the same attribute names)."""
    return Report(
        event_id=event_id,
        happening_id=happening_id,
        code=row.code,
        root=row.root,
        start=row.date_start,
        end=row.date_end,
        precision=row.date_precision,
        date_value=row.date_value,
        country=row.location_country,
        modality=row.modality,
        actors=frozenset(actors),
        parties=frozenset(parties),
    )
