"""Build the benchmark database: the seed articles extracted once, then multiplied in SQL.

The real rows (articles, actors, events, participants, evidence, change log) come from
extracting `seeds/` with the real pipeline and saving through `db.store.Store`. Synthetic rows
are derived from them on the server, with `INSERT ... SELECT` over `generate_series` (one
statement per table, no row crosses the network), so a million events take minutes:

- articles: about four events each, published over eleven years (2015-2025), more in recent
  years (density grows linearly), text and title from a seed article with a number added;
- actors: the 200-odd states of the knowledge base plus one person per 250 events, each
  with a country; participants are drawn with a skew (a few actors in most events, a long
  tail), as in GDELT;
- events: each from a real event (its date precision, method, modality, location,
  sentence and roles), with its own code in a third of cases (common roots more often), its
  date near its article's publication date at the template's precision;
- the change log gets one 'upsert' per new row, as the writer would have logged it, so sync
  and `export --since-change` see the whole database.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from db.migrate import upgrade
from db.session import make_engine

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
COUNTRIES = ROOT / "pipeline" / "kb" / "countries.tsv"
EVENTS_PER_ARTICLE = 4
EVENTS_PER_PERSON = 250
FIRST_DAY = "2015-01-01"
DAYS = 4017  # 2015-01-01 to 2025-12-31


def build(url: str, events: int) -> int:
    """Create the schema at `url`, store the extracted seeds and multiply them to `events`
    events in all; return the number of events stored."""
    upgrade(url)
    engine = make_engine(url)
    try:
        real = store_seeds(engine)
        with engine.begin() as connection:
            multiply(connection, max(events - real, 0))
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM events")).scalar_one())
    finally:
        engine.dispose()


def store_seeds(engine: Engine) -> int:
    """Extract the seed articles with the real pipeline, save them; return the events saved."""
    from db.store import Store
    from flows.sources import iter_folder
    from pipeline.clean import to_article
    from pipeline.extract import Extractor
    from pipeline.model import RawArticle

    raws = [item for item in iter_folder(SEEDS) if isinstance(item, RawArticle)]
    store = Store(engine)
    for result in Extractor().extract(to_article(raw) for raw in raws):
        if hasattr(result, "events"):
            store.save(result)
    with engine.connect() as connection:
        saved = int(connection.execute(text("SELECT count(*) FROM events")).scalar_one())
    if not saved:
        raise RuntimeError("the seed articles gave no events: nothing to multiply")
    return saved


def multiply(connection: Connection, events: int) -> None:
    """Add `events` synthetic events (and their articles, actors, participants, evidence and
    change log rows) derived from the stored ones."""
    if events <= 0:
        return
    articles = -(-events // EVENTS_PER_ARTICLE)
    persons = max(events // EVENTS_PER_PERSON, 20)
    marks = _marks(connection)
    _templates(connection)
    _add_states(connection)
    connection.execute(_PERSONS, {"n": persons})
    connection.execute(_ALIASES, {"first": marks["actors"]})
    for statement in _POOL:
        connection.execute(statement)
    connection.execute(
        _ARTICLES,
        {"n": articles, "first": marks["articles"], "first_day": FIRST_DAY, "days": DAYS},
    )
    connection.execute(
        _EVENTS,
        {
            "n": events,
            "first": marks["events"],
            "first_article": marks["articles"],
            "per_article": EVENTS_PER_ARTICLE,
        },
    )
    connection.execute(_PARTICIPANTS, {"first": marks["events"]})
    connection.execute(_EVIDENCE, {"first": marks["events"]})
    for statement in _CHANGES:
        connection.execute(statement, marks)
    for table in ("articles", "events"):
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )


def _marks(connection: Connection) -> dict[str, int]:
    """The first id each synthetic table will use (one past the real rows)."""
    return {
        table: int(
            connection.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")).scalar_one()
        )
        for table in ("articles", "actors", "events")
    }


def _templates(connection: Connection) -> None:
    """Temporary tables of the real events, articles and CAMEO codes, numbered from 0."""
    connection.execute(text(_TEMPLATE_EVENTS))
    connection.execute(text(_TEMPLATE_ARTICLES))
    connection.execute(text(_TEMPLATE_CODES))


def _add_states(connection: Connection) -> None:
    """Add the knowledge base's states that the seeds did not bring."""
    with COUNTRIES.open(encoding="utf-8") as handle:
        rows = [
            {"name": row["name"], "country": row["iso3"]}
            for row in csv.DictReader(handle, delimiter="\t")
            if row["historical"] != "1"
        ]
    connection.execute(_STATES, rows)


_TEMPLATE_EVENTS = """
CREATE TEMP TABLE bench_event_templates ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY e.id) - 1 AS t,
       e.code, e.date_precision, e.date_method, e.date_text, e.modality,
       e.location_name, e.location_country, e.location_region, e.latitude, e.longitude,
       e.location_precision, e.sentence, e.start_char, e.end_char, e.extractor_version,
       (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id) AS sides,
       EXISTS (SELECT 1 FROM event_participants p
               WHERE p.event_id = e.id AND p.role IN ('source', 'target')) AS explicit
FROM events e"""

_TEMPLATE_ARTICLES = """
CREATE TEMP TABLE bench_article_templates ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY id) - 1 AS t, title, source, left(text, 1500) AS text,
       extractor_version
FROM articles"""

# Codes ordered so that a skewed draw picks the commonest roots of news (consult, make
# statements, appeal, cooperate, visit...) most often.
_TEMPLATE_CODES = """
CREATE TEMP TABLE bench_codes ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY CASE root WHEN '04' THEN 0 WHEN '01' THEN 1
                                     WHEN '05' THEN 2 WHEN '03' THEN 3 WHEN '02' THEN 4
                                     WHEN '11' THEN 5 WHEN '19' THEN 6 ELSE 7 END, code) - 1 AS i,
       code
FROM cameo_codes"""

_STATES = text("""
INSERT INTO actors (name, kind, country, created_at, updated_at)
VALUES (:name, 'state', :country, now(), now())
ON CONFLICT (name, kind) DO NOTHING""")

_PERSONS = text("""
INSERT INTO actors (name, kind, country, office, created_at, updated_at)
SELECT 'Person ' || g || ' of ' || s.country, 'person', s.country,
       (ARRAY['Foreign Minister', 'President', 'Prime Minister', 'Ambassador',
              'Defence Minister'])[1 + g % 5],
       now(), now()
FROM generate_series(1, :n) g
CROSS JOIN LATERAL (
    SELECT country FROM actors WHERE kind = 'state' AND g > 0
    ORDER BY id OFFSET floor(power(random(), 2) * 200) LIMIT 1) s""")

_ALIASES = text("""
INSERT INTO actor_aliases (actor_id, alias, alias_norm)
SELECT id, name, lower(name) FROM actors WHERE id >= :first
ON CONFLICT DO NOTHING""")

# Actors numbered in the order a skewed draw should favour them: states of the seeds first.
_POOL = tuple(
    text(statement)
    for statement in (
        """CREATE TEMP TABLE bench_pool ON COMMIT DROP AS
           SELECT row_number() OVER (ORDER BY kind <> 'state', id) - 1 AS i, id AS actor_id
           FROM actors""",
        "CREATE UNIQUE INDEX ON bench_pool (i)",
        "ANALYZE bench_pool",
    )
)

_ARTICLES = text("""
INSERT INTO articles (id, document, url, title, source, published, published_precision,
                      published_from, text, content_hash, language, extractor_version,
                      ingested_at, extracted_at, updated_at, version)
SELECT :first + g - 1, 'bench/' || g || '.txt', 'https://news.example/' || g,
       a.title || ' (' || g || ')', a.source,
       CAST(:first_day AS DATE) + CAST(floor(sqrt(random()) * :days) AS INTEGER),
       'day', 'metadata', a.text || ' (' || g || ')',
       encode(sha256(convert_to(a.text || ' (' || g || ')', 'UTF8')), 'hex'), 'en',
       a.extractor_version, now(), now(), now(), 1
FROM generate_series(1, :n) g
JOIN bench_article_templates a
  ON a.t = g % (SELECT count(*) FROM bench_article_templates)""")

# Each event: a template by number, its own code a third of the time, a date near its
# article's publication at the template's precision.
_EVENTS = text("""
INSERT INTO events (id, event_uid, article_id, code, root, quad_class, goldstein,
                    date_start, date_end, date_value, date_precision, date_method, date_text,
                    location_name, location_country, location_region, latitude, longitude,
                    location_precision, modality,
                    sentence, start_char, end_char, extractor_version, created_at, updated_at)
WITH codes AS (SELECT array_agg(code ORDER BY i) AS list, count(*) AS n FROM bench_codes),
drawn AS MATERIALIZED (
    SELECT g, t.*, ar.published - CAST(floor(random() * 3) AS INTEGER) AS day,
           CASE WHEN random() < 0.33
                THEN codes.list[1 + CAST(floor(power(random(), 3) * codes.n) AS INTEGER)]
                ELSE t.code END AS drawn_code
    FROM codes, generate_series(1, :n) g
    JOIN bench_event_templates t
      ON t.t = g % (SELECT count(*) FROM bench_event_templates)
    JOIN articles ar ON ar.id = :first_article + (g - 1) / :per_article
)
SELECT :first + d.g - 1, encode(sha256(convert_to('bench-event-' || d.g, 'UTF8')), 'hex'),
       :first_article + (d.g - 1) / :per_article, c.code, c.root, c.quad_class, c.goldstein,
       CASE d.date_precision
            WHEN 'day' THEN d.day
            WHEN 'week' THEN CAST(date_trunc('week', d.day) AS DATE)
            WHEN 'month' THEN CAST(date_trunc('month', d.day) AS DATE)
            WHEN 'year' THEN CAST(date_trunc('year', d.day) AS DATE) END,
       CASE d.date_precision
            WHEN 'day' THEN d.day
            WHEN 'week' THEN CAST(date_trunc('week', d.day) AS DATE) + 6
            WHEN 'month' THEN CAST(date_trunc('month', d.day) + interval '1 month' AS DATE) - 1
            WHEN 'year' THEN CAST(date_trunc('year', d.day) + interval '1 year' AS DATE) - 1
            END,
       CASE d.date_precision
            WHEN 'day' THEN to_char(d.day, 'YYYY-MM-DD')
            WHEN 'week' THEN to_char(d.day, 'IYYY-"W"IW')
            WHEN 'month' THEN to_char(d.day, 'YYYY-MM')
            WHEN 'year' THEN to_char(d.day, 'YYYY') END,
       CASE WHEN d.date_precision IN ('day', 'week', 'month', 'year')
            THEN d.date_precision ELSE 'unknown' END,
       d.date_method, d.date_text, d.location_name, d.location_country, d.location_region,
       d.latitude, d.longitude, d.location_precision, d.modality, d.sentence, d.start_char,
       d.end_char, d.extractor_version, now(), now()
FROM drawn d
JOIN cameo_codes c ON c.code = coalesce(d.drawn_code, d.code)
ORDER BY d.g""")

# Participants of the synthetic events: as many sides as the template (one to three), the
# source drawn with a strong skew, the others with a milder one; roles as the template had, and
# their sides as db.sides gives them (the source first; then the target, or, without roles,
# every other participant).
_PARTICIPANTS = text("""
WITH sized AS (SELECT count(*) AS n FROM bench_pool),
templates AS (SELECT count(*) AS n FROM bench_event_templates),
drawn AS MATERIALIZED (
    SELECT e.id, t.explicit, least(greatest(t.sides, 1), 3) AS sides,
           CAST(floor(power(random(), 3) * s.n) AS BIGINT) AS first_i,
           CAST(floor(power(random(), 2) * s.n) AS BIGINT) AS second_i,
           CAST(floor(random() * s.n) AS BIGINT) AS third_i, s.n
    FROM events e, sized s, templates tc, bench_event_templates t
    WHERE e.id >= :first AND t.t = (e.id - :first + 1) % tc.n
),
sides AS (
    SELECT id, 0 AS position, first_i AS i,
           CASE WHEN explicit THEN 'source' ELSE 'participant' END AS role, explicit
    FROM drawn
    UNION ALL
    SELECT id, 1, CASE WHEN second_i = first_i THEN (second_i + 1) % n ELSE second_i END,
           CASE WHEN explicit THEN 'target' ELSE 'participant' END, explicit
    FROM drawn WHERE sides >= 2
    UNION ALL
    SELECT id, 2, third_i, 'participant', explicit
    FROM drawn
    WHERE sides >= 3 AND third_i <> first_i
      AND third_i <> CASE WHEN second_i = first_i THEN (second_i + 1) % n ELSE second_i END
)
INSERT INTO event_participants (event_id, actor_id, role, position, side)
SELECT s.id, p.actor_id, s.role, s.position,
       CASE WHEN s.position = 0 THEN 'source'
            WHEN s.role = 'target' OR NOT s.explicit THEN 'target' END
FROM sides s JOIN bench_pool p ON p.i = s.i
ON CONFLICT DO NOTHING""")

_EVIDENCE = text("""
INSERT INTO event_evidence (event_id, sentence, start_char, end_char)
SELECT id, sentence, start_char, end_char
FROM events WHERE id >= :first AND sentence IS NOT NULL""")

# One change per new row, articles first, as the writer logs an article's rows.
_CHANGES = tuple(
    text(statement)
    for statement in (
        """INSERT INTO changes (entity, key, op, changed_at)
           SELECT 'article', content_hash, 'upsert', now() FROM articles
           WHERE id >= :articles ORDER BY id""",
        """INSERT INTO changes (entity, key, op, changed_at)
           SELECT 'actor', kind || ':' || name, 'upsert', now() FROM actors
           WHERE id >= :actors ORDER BY id""",
        """INSERT INTO changes (entity, key, op, changed_at)
           SELECT 'event', event_uid, 'upsert', now() FROM events
           WHERE id >= :events ORDER BY id""",
    )
)
