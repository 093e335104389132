"""The suite's output: one table of every scenario on every database, then one JSON line of
the totals (`lost`, `duplicated`, `error_rows_expected`, `error_rows_found` ...)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from benchmarks.faults.counting import Tally

COLUMNS = ("articles expected", "stored", "duplicated", "lost", "error rows expected",
           "error rows found")
FIELDS = ("expected", "stored", "duplicated", "lost", "error_rows_expected",
          "error_rows_found")


def totals(tallies: Sequence[Tally]) -> dict[str, int]:
    """Return the sums of the counts over `tallies`, and how many problems they noted."""
    summed = {name: sum(getattr(tally, name) for tally in tallies) for name in FIELDS}
    return {
        "articles_expected": summed["expected"],
        "articles_stored": summed["stored"],
        "duplicated": summed["duplicated"],
        "lost": summed["lost"],
        "error_rows_expected": summed["error_rows_expected"],
        "error_rows_found": summed["error_rows_found"],
        "problems": sum(len(tally.problems) for tally in tallies),
    }


def print_report(tallies: Sequence[Tally], size: str, notes: Sequence[str] = (),
                 console: Console | None = None) -> dict[str, object]:
    """Print the table, the problems and notes, and last the JSON line; return its dict."""
    console = console or Console(width=160)
    table = Table(title=f"Fault suite ({size})")
    table.add_column("scenario", no_wrap=True)
    table.add_column("database")
    for column in COLUMNS:
        table.add_column(column, justify="right")
    table.add_column("seconds", justify="right")
    for tally in tallies:
        table.add_row(tally.scenario, tally.backend,
                      *(str(getattr(tally, name)) for name in FIELDS), f"{tally.seconds:.0f}")
    summed = totals(tallies)
    table.add_section()
    table.add_row("total", "", *(str(summed[key]) for key in (
        "articles_expected", "articles_stored", "duplicated", "lost", "error_rows_expected",
        "error_rows_found")), f"{sum(tally.seconds for tally in tallies):.0f}")
    console.print(table)
    for tally in tallies:
        for problem in tally.problems:
            console.print(f"problem: {tally.scenario} on {tally.backend}: {problem}",
                          markup=False, highlight=False)
    for note in notes:
        console.print(note, markup=False, highlight=False)
    line: dict[str, object] = {
        "lost": summed["lost"], "duplicated": summed["duplicated"],
        "error_rows_expected": summed["error_rows_expected"],
        "error_rows_found": summed["error_rows_found"],
        "articles_expected": summed["articles_expected"],
        "articles_stored": summed["articles_stored"], "problems": summed["problems"],
        "size": size, "databases": sorted({tally.backend for tally in tallies}),
    }
    print(json.dumps(line), flush=True)
    return line
