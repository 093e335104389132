"""SQL expressions the views need, written once per dialect (SQLite, PostgreSQL, MySQL/MariaDB).

Each function takes the dialect name and the SQL of its operands and returns an expression;
the backends differ only in how they concatenate and aggregate strings and format dates.
"""

from __future__ import annotations

MYSQL = ("mysql", "mariadb")


def concat(dialect: str, *parts: str) -> str:
    """The concatenation of `parts`."""
    if dialect in MYSQL:
        return f"CONCAT({', '.join(parts)})"
    return " || ".join(parts)


def month_start(dialect: str, start: str, end: str) -> str:
    """First day of the month the range `start`..`end` lies in; NULL when it spans more."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN date_trunc('month', {start}) = date_trunc('month', {end}) "
            f"THEN CAST(date_trunc('month', {start}) AS DATE) END"
        )
    if dialect in MYSQL:
        return (
            f"CASE WHEN YEAR({start}) = YEAR({end}) AND MONTH({start}) = MONTH({end}) "
            f"THEN DATE_SUB({start}, INTERVAL DAYOFMONTH({start}) - 1 DAY) END"
        )
    return (
        f"CASE WHEN strftime('%Y-%m', {start}) = strftime('%Y-%m', {end}) "
        f"THEN date({start}, 'start of month') END"
    )


def year(dialect: str, start: str, end: str) -> str:
    """The year the range `start`..`end` lies in; NULL when it spans more."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN EXTRACT(YEAR FROM {start}) = EXTRACT(YEAR FROM {end}) "
            f"THEN CAST(EXTRACT(YEAR FROM {start}) AS INTEGER) END"
        )
    if dialect in MYSQL:
        return f"CASE WHEN YEAR({start}) = YEAR({end}) THEN YEAR({start}) END"
    return (
        f"CASE WHEN strftime('%Y', {start}) = strftime('%Y', {end}) "
        f"THEN CAST(strftime('%Y', {start}) AS INTEGER) END"
    )


def date_number(dialect: str, day: str, digits: str) -> str:
    """`day` as an integer: digits 'YYYYMMDD', 'YYYYMM' or 'YYYYMMDDHHMMSS' (a timestamp in UTC)."""
    if dialect == "postgresql":
        if len(digits) > 8:  # a timestamp with time zone: its UTC wall clock
            return f"CAST(to_char({day} AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') AS BIGINT)"
        return f"CAST(to_char({day}, '{digits}') AS INTEGER)"
    pattern = _strftime_pattern(digits, "%i" if dialect in MYSQL else "%M")
    if dialect in MYSQL:
        return f"CAST(DATE_FORMAT({day}, '{pattern}') AS SIGNED)"
    return f"CAST(strftime('{pattern}', {day}) AS INTEGER)"


def _strftime_pattern(digits: str, minute: str) -> str:
    """'YYYYMMDDHHMMSS' -> '%Y%m%d%H<minute>%S' (strftime and DATE_FORMAT spell minutes apart)."""
    pattern = digits.replace("YYYY", "%Y").replace("DD", "%d").replace("SS", "%S")
    pattern = pattern.replace("HHMM", "%H" + minute)
    return pattern.replace("MM", "%m")


def month_of(dialect: str, day: str) -> str:
    """The month number (1..12) of `day`."""
    if dialect == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {day}) AS INTEGER)"
    if dialect in MYSQL:
        return f"MONTH({day})"
    return f"CAST(strftime('%m', {day}) AS INTEGER)"


def day_of(dialect: str, day: str) -> str:
    """The day of the month (1..31) of `day`."""
    if dialect == "postgresql":
        return f"CAST(EXTRACT(DAY FROM {day}) AS INTEGER)"
    if dialect in MYSQL:
        return f"DAYOFMONTH({day})"
    return f"CAST(strftime('%d', {day}) AS INTEGER)"


def bigint(dialect: str, value: str) -> str:
    """`value` as a 64-bit integer."""
    return f"CAST({value} AS {'SIGNED' if dialect in MYSQL else 'BIGINT'})"


def as_float(dialect: str, value: str) -> str:
    """`value` as a floating-point number (an untyped NULL column is text on PostgreSQL)."""
    if dialect == "postgresql":
        return f"CAST({value} AS DOUBLE PRECISION)"
    if dialect in MYSQL:
        return f"CAST({value} AS DOUBLE)"
    return f"CAST({value} AS REAL)"


def ordered_list(dialect: str, value: str, order: str, source: str, group: str) -> str:
    """A subquery giving, per `group` of `source`, its `value`s joined by '; ' in `order`.

    source: a FROM clause (with WHERE) whose rows carry `group`, `value` and `order`.
    RETURNS: SQL of a derived table with columns `group` and `list`.
    """
    if dialect == "postgresql":
        return (
            f"(SELECT {group}, string_agg({value}, '; ' ORDER BY {order}) AS list "
            f"FROM {source} GROUP BY {group})"
        )
    if dialect in MYSQL:
        return (
            f"(SELECT {group}, GROUP_CONCAT({value} ORDER BY {order} SEPARATOR '; ') AS list "
            f"FROM {source} GROUP BY {group})"
        )
    # SQLite before 3.44 has no ORDER BY inside aggregates; it keeps a subquery's order.
    return (
        f"(SELECT {group}, group_concat({value}, '; ') AS list FROM "
        f"(SELECT * FROM {source} ORDER BY {group}, {order}) ordered GROUP BY {group})"
    )
