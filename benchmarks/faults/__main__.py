"""Run the fault suite: `python -m benchmarks.faults [--size small|full] [--db sqlite ...]`.

Prints one table (articles expected, stored, duplicated, lost, error rows expected and found,
per scenario and database) and last one JSON line of the totals; exits 1 when an article was
lost or duplicated, the error rows differ from those expected, or a run misbehaved.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.faults.report import print_report
from benchmarks.faults.suite import BACKENDS, run_suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults", description=__doc__)
    parser.add_argument("--size", choices=("small", "full"), default="full",
                        help="small: the quick subset `make test` runs; full: everything, "
                        "the 50 MB file included (default)")
    parser.add_argument("--db", choices=BACKENDS, action="append",
                        help="a database to run on (repeatable; default: both)")
    args = parser.parse_args(argv)
    tallies, notes = run_suite(args.size, tuple(args.db or BACKENDS))
    print_report(tallies, args.size, notes)
    return 0 if tallies and all(tally.ok for tally in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
