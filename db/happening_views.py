"""The SELECTs of the `happenings` and `gdelt_events` views (wrapped as views in `db.views`).

`happenings` gives one row per happening (db.happenings): the events of every article that
reports it, folded into one. Where reports disagree it picks, per happening:
- the code most reports give (ties: the longer, more specific code, then the lower);
- the finest date (by precision), the one most reports give among equally fine ones, then the
  earliest;
- the place most reports give, preferring one with coordinates, then one with a name;
- the URL of the article published first (ties: stored first).

`gdelt_events` gives one row per happening and (source actor, target actor) dyad of its
events, with the columns of GDELT 2.0's event table, so GDELT queries run on it unchanged;
each dyad has the code most of the events that give it have, so a visit reported as made (042,
visitor to host) and as hosted (043, host to visitor) gives two rows that both read right.

Every per-happening value comes from a GROUP BY over `events` (by `happening_id`, indexed),
not from a subquery per row.
"""

from __future__ import annotations

from db.sqlparts import (
    as_float,
    bigint,
    concat,
    date_number,
    day_of,
    month_of,
    month_start,
    ordered_list,
    year,
)

# An event whose first evidence starts this early is in the article's lead (GDELT's
# IsRootEvent: "from the first paragraph"); the text starts after the headline.
LEAD_CHARS = 500
# Dyads per happening numbered into GLOBALEVENTID: happening_id * DYAD_SLOTS + dyad number.
DYAD_SLOTS = 1000

_REPORTED = "FROM events e WHERE e.happening_id IS NOT NULL"
_PRECISION_RANK = (
    "CASE {p} WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 WHEN 'quarter' THEN 4 "
    "WHEN 'season' THEN 5 WHEN 'year' THEN 6 WHEN 'decade' THEN 7 WHEN 'century' THEN 8 "
    "ELSE 9 END"
)
_REALITY_RANK = (
    "CASE e.modality WHEN 'asserted' THEN 1 WHEN 'planned' THEN 2 WHEN 'hypothetical' THEN 3 "
    "ELSE 4 END"
)


def _pick(columns: str, order: str, where: str = "") -> str:
    """A derived table: per happening, the one value of `columns` its reports give first in
    `order` (g.reports is how many of its events give that value)."""
    grouped = ", ".join(f"e.{column.strip()}" for column in columns.split(","))
    return f"""(SELECT * FROM (
        SELECT g.*, ROW_NUMBER() OVER (PARTITION BY g.happening_id ORDER BY {order}) AS pick
        FROM (SELECT e.happening_id, {grouped}, COUNT(*) AS reports
              {_REPORTED}{where}
              GROUP BY e.happening_id, {grouped}) g) ranked
    WHERE ranked.pick = 1)"""


_BEST_CODE = _pick("code", "g.reports DESC, LENGTH(g.code) DESC, g.code")
_BEST_DATE = _pick(
    "date_start, date_end, date_precision, date_value",
    f"{_PRECISION_RANK.format(p='g.date_precision')}, g.reports DESC, "
    "CASE WHEN g.date_start IS NULL THEN 1 ELSE 0 END, g.date_start, g.date_value",
)
_BEST_PLACE = _pick(
    "location_name, location_country, latitude, longitude",
    "CASE WHEN g.latitude IS NULL THEN 1 ELSE 0 END, "
    "CASE WHEN g.location_name IS NULL THEN 1 ELSE 0 END, g.reports DESC, "
    "g.location_name, g.location_country",
    " AND (e.location_name IS NOT NULL OR e.location_country IS NOT NULL)",
)
_FIRST_URL = """(SELECT * FROM (
        SELECT e.happening_id, ar.url, ROW_NUMBER() OVER (PARTITION BY e.happening_id
            ORDER BY CASE WHEN ar.published IS NULL THEN 1 ELSE 0 END, ar.published, ar.id)
            AS pick
        FROM events e JOIN articles ar ON ar.id = e.article_id
        WHERE e.happening_id IS NOT NULL) ranked
    WHERE ranked.pick = 1)"""
_COUNTS = f"""(SELECT e.happening_id,
        COUNT(*) AS events,
        COUNT(DISTINCT e.article_id) AS articles,
        COUNT(DISTINCT COALESCE(ar.source, ar.document)) AS sources,
        MIN(ar.published) AS first_reported,
        MAX(ar.published) AS last_reported,
        MIN(e.created_at) AS first_added,
        MIN({_REALITY_RANK}) AS reality,
        MAX(CASE WHEN e.start_char < {LEAD_CHARS} THEN 1 ELSE 0 END) AS in_lead
    FROM events e JOIN articles ar ON ar.id = e.article_id
    WHERE e.happening_id IS NOT NULL
    GROUP BY e.happening_id)"""
_MENTIONS = """(SELECT e.happening_id, COUNT(*) AS mentions
    FROM events e JOIN event_evidence v ON v.event_id = e.id
    WHERE e.happening_id IS NOT NULL
    GROUP BY e.happening_id)"""

HAPPENINGS_COLUMNS = {
    "happening_id": "events.happening_id: the happening, shared by every event that reports it.",
    "code": "CAMEO code most of its reports give (ties: the more specific code).",
    "cameo_name": "Codebook name of the code.",
    "root": "CAMEO root code (the same for all its reports).",
    "quad_class": "CAMEO quad class of the code (1..4).",
    "goldstein": "Goldstein value of the code.",
    "date_start": "First day of its best date: the finest any report gives (ties: the date "
    "most reports give, then the earliest); null when no report dates it.",
    "date_end": "Last day of its best date.",
    "date_precision": "Precision of the best date ('day', 'week', 'month', ... 'unknown').",
    "date_value": "TIMEX3-style value of the best date.",
    "month_start": "First day of the month the best date lies in; null when coarser (count "
    "by month on this column).",
    "year": "Year the best date lies in; null when coarser (count by year on this column).",
    "location_name": "Where it happened, as most reports say (preferring a place with "
    "coordinates, then one with a name).",
    "location_country": "ISO-3 country of that place.",
    "latitude": "Latitude of that place.",
    "longitude": "Longitude of that place.",
    "modality": "'asserted' when any report asserts it, else 'planned', 'hypothetical' or "
    "'negated' (all its reports agree on reality, see db.happenings).",
    "participants": "Every participant any report names, 'Name (ISO3); Name', by name.",
    "first_reported": "Earliest publication date of its articles.",
    "last_reported": "Latest publication date of its articles.",
    "first_url": "URL of the article that reported it first (by publication date).",
    "articles": "Number of articles that report it.",
    "sources": "Number of outlets that report it (an article without an outlet counts as one "
    "of its own).",
    "events": "Number of event rows that report it.",
    "mentions": "Number of evidence sentences that state it, over all its articles.",
    "in_lead": "1 when an article states it in its first 500 characters (its lead), else 0.",
    "first_added": "When its first event was stored (UTC).",
}


def _participants(dialect: str) -> str:
    with_country = concat(dialect, "a.name", "' ('", "a.country", "')'")
    label = f"CASE WHEN a.country IS NULL THEN a.name ELSE {with_country} END"
    names = (
        f"(SELECT DISTINCT e.happening_id, {label} AS label FROM events e "
        "JOIN event_participants p ON p.event_id = e.id JOIN actors a ON a.id = p.actor_id "
        "WHERE e.happening_id IS NOT NULL) names"
    )
    return ordered_list(dialect, "label", "label", names, "happening_id")


def happenings_select(dialect: str) -> str:
    """The SELECT of the `happenings` view on `dialect`."""
    bounds = ("d.date_start", "d.date_end")
    return f"""SELECT
    h.happening_id, bc.code, c.name AS cameo_name, c.root, c.quad_class, c.goldstein,
    d.date_start, d.date_end, d.date_precision, d.date_value,
    {month_start(dialect, *bounds)} AS month_start, {year(dialect, *bounds)} AS year,
    pl.location_name, pl.location_country, pl.latitude, pl.longitude,
    CASE h.reality WHEN 1 THEN 'asserted' WHEN 2 THEN 'planned' WHEN 3 THEN 'hypothetical'
        ELSE 'negated' END AS modality,
    pa.list AS participants,
    h.first_reported, h.last_reported, fu.url AS first_url,
    h.articles, h.sources, h.events, COALESCE(m.mentions, 0) AS mentions,
    h.in_lead, h.first_added
FROM {_COUNTS} h
JOIN {_BEST_CODE} bc ON bc.happening_id = h.happening_id
JOIN cameo_codes c ON c.code = bc.code
JOIN {_BEST_DATE} d ON d.happening_id = h.happening_id
JOIN {_FIRST_URL} fu ON fu.happening_id = h.happening_id
LEFT JOIN {_BEST_PLACE} pl ON pl.happening_id = h.happening_id
LEFT JOIN {_MENTIONS} m ON m.happening_id = h.happening_id
LEFT JOIN {_participants(dialect)} pa ON pa.happening_id = h.happening_id"""


GDELT_COLUMNS = {
    "GLOBALEVENTID": f"happening_id * {DYAD_SLOTS} + the dyad's number within the happening "
    "(1, 2, ... in the order the dyads were first stored).",
    "SQLDATE": "Day it happened as YYYYMMDD (integer); null unless the best date is a day.",
    "MonthYear": "Month it happened as YYYYMM (integer); null when the date is coarser.",
    "Year": "Year it happened; null when the date is coarser.",
    "FractionDate": "Year + (month * 30 + day) / 365, as GDELT computes it; null unless the "
    "best date is a day.",
    "Actor1Code": "CAMEO actor code of the source actor (actors.code, e.g. 'CHNGOV'); its "
    "country code when it has no code.",
    "Actor1Name": "Canonical name of the source actor (not upper-cased).",
    "Actor1CountryCode": "ISO-3 country of the source actor.",
    "Actor2Code": "CAMEO actor code of the target actor; its country code when it has none.",
    "Actor2Name": "Canonical name of the target actor.",
    "Actor2CountryCode": "ISO-3 country of the target actor.",
    "IsRootEvent": "1 when an article states it in its lead (happenings.in_lead), else 0.",
    "EventCode": "CAMEO event code most of the happening's events that give this dyad have "
    "(ties: the more specific code).",
    "EventBaseCode": "First three digits of the code (the code itself when shorter).",
    "EventRootCode": "CAMEO root code.",
    "QuadClass": "CAMEO quad class (1..4).",
    "GoldsteinScale": "Goldstein value of the code.",
    "NumMentions": "Evidence sentences that state it, over all its articles.",
    "NumSources": "Outlets that report it.",
    "NumArticles": "Articles that report it.",
    "AvgTone": "Always null: no tone is measured.",
    "ActionGeo_Type": "4 when the place has coordinates (a city or site), 1 when only its "
    "country is known, null when no place is known.",
    "ActionGeo_FullName": "Name of the place.",
    "ActionGeo_CountryCode": "ISO-3 country of the place (GDELT gives FIPS 10-4 codes here).",
    "ActionGeo_Lat": "Latitude of the place.",
    "ActionGeo_Long": "Longitude of the place.",
    "DATEADDED": "When its first event was stored, as YYYYMMDDHHMMSS in UTC (integer).",
    "SOURCEURL": "URL of the article that reported it first.",
    "happening_id": "The happening (not a GDELT column): join to `happenings`.",
}


# Per happening, its distinct (source, target) dyads, each with the code most of the events
# that give it have (a visit reported as made, 042, and as hosted, 043, gives two dyads, each
# in its own direction), numbered in the order they were first stored.
_DYADS = """(SELECT counted.*, ROW_NUMBER() OVER (PARTITION BY counted.happening_id
            ORDER BY counted.first_event, counted.source_actor_id, counted.target_actor_id)
            AS dyad
    FROM (SELECT coded.*,
            ROW_NUMBER() OVER (PARTITION BY coded.happening_id, coded.source_actor_id,
                coded.target_actor_id ORDER BY coded.reports DESC, LENGTH(coded.code) DESC,
                coded.code) AS pick,
            MIN(coded.first_coded) OVER (PARTITION BY coded.happening_id,
                coded.source_actor_id, coded.target_actor_id) AS first_event
        FROM (SELECT d.happening_id, d.source_actor_id, d.target_actor_id, d.code,
                COUNT(*) AS reports, MIN(d.event_id) AS first_coded
            FROM event_dyads d
            WHERE d.happening_id IS NOT NULL
            GROUP BY d.happening_id, d.source_actor_id, d.target_actor_id, d.code) coded
        ) counted
    WHERE counted.pick = 1)"""


def _actor_code(alias: str) -> str:
    return f"COALESCE({alias}.code, {alias}.country)"


def gdelt_select(dialect: str) -> str:
    """The SELECT of the `gdelt_events` view on `dialect`."""
    is_day = "h.date_precision = 'day'"
    fraction = (
        f"h.year + ({month_of(dialect, 'h.date_start')} * 30 "
        f"+ {day_of(dialect, 'h.date_start')}) / 365.0"
    )
    return f"""SELECT
    {bigint(dialect, "h.happening_id")} * {DYAD_SLOTS} + dy.dyad AS GLOBALEVENTID,
    CASE WHEN {is_day} THEN {date_number(dialect, "h.date_start", "YYYYMMDD")} END AS SQLDATE,
    {date_number(dialect, "h.month_start", "YYYYMM")} AS MonthYear,
    h.year AS Year,
    CASE WHEN {is_day} THEN {as_float(dialect, f"ROUND({fraction}, 4)")} END AS FractionDate,
    {_actor_code("a1")} AS Actor1Code, a1.name AS Actor1Name, a1.country AS Actor1CountryCode,
    {_actor_code("a2")} AS Actor2Code, a2.name AS Actor2Name, a2.country AS Actor2CountryCode,
    h.in_lead AS IsRootEvent,
    dy.code AS EventCode, SUBSTR(dy.code, 1, 3) AS EventBaseCode, c.root AS EventRootCode,
    c.quad_class AS QuadClass, c.goldstein AS GoldsteinScale,
    h.mentions AS NumMentions, h.sources AS NumSources, h.articles AS NumArticles,
    {as_float(dialect, "NULL")} AS AvgTone,
    CASE WHEN h.latitude IS NOT NULL THEN 4 WHEN h.location_country IS NOT NULL THEN 1 END
        AS ActionGeo_Type,
    h.location_name AS ActionGeo_FullName, h.location_country AS ActionGeo_CountryCode,
    h.latitude AS ActionGeo_Lat, h.longitude AS ActionGeo_Long,
    {date_number(dialect, "h.first_added", "YYYYMMDDHHMMSS")} AS DATEADDED,
    h.first_url AS SOURCEURL,
    h.happening_id
FROM happenings h
JOIN {_DYADS} dy ON dy.happening_id = h.happening_id
JOIN cameo_codes c ON c.code = dy.code
JOIN actors a1 ON a1.id = dy.source_actor_id
JOIN actors a2 ON a2.id = dy.target_actor_id"""
