"""The CAMEO event code table: names, roots, quad classes, Goldstein values and PLOVER types.

Read once per process from `pipeline/kb/cameo_codes.tsv`, so every stage and the database
writer derive root, quad class and Goldstein value from the same reference data.
"""

from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

CAMEO_TABLE_PATH = Path(__file__).resolve().parent / "kb" / "cameo_codes.tsv"


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code and what it is worth to an analyst.

    code (str): "042"; root (str): the first two digits, "04"; quad_class (int): 1 verbal
    cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict;
    goldstein (float): conflict-cooperation weight from -10 to +10; plover_type (str | None):
    the PLOVER event type the code maps to, None where PLOVER has none.
    """

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str | None


@functools.lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """Return every CAMEO code keyed by its code string, read once per process."""
    table: dict[str, CameoCode] = {}
    with CAMEO_TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            table[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                root=row["root"],
                quad_class=int(row["quad_class"]),
                goldstein=float(row["goldstein"]),
                plover_type=row["plover_type"] or None,
            )
    logger.debug("loaded %d CAMEO codes from %s", len(table), CAMEO_TABLE_PATH)
    return table


def lookup(code: str) -> CameoCode | None:
    """Return the entry for a CAMEO code, or None when the code is not in the table."""
    return cameo_table().get(code)


def is_valid(code: str) -> bool:
    """Return True when the code is a known CAMEO event code."""
    return code in cameo_table()
