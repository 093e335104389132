"""The contract form of dates, shared by the extract command and the database's exports."""

from __future__ import annotations

import pytest

from pipeline.contract import contract_date
from pipeline.model import TimeValue


@pytest.mark.parametrize(
    "value,precision,expected",
    [
        ("2025-09-03", "day", "2025-09-03"),
        ("2025-W36", "week", "2025-W36"),
        ("2025-09", "month", "2025-09"),
        ("2025", "year", "2025"),
        ("2025-Q3", "quarter", "2025"),
        ("2025-SU", "season", "2025"),
        ("198", "decade", None),
        ("PRESENT_REF", "ref", None),
        (None, "unknown", None),
    ],
)
def test_stored_date_values_take_their_contract_form(value, precision, expected):
    assert contract_date(TimeValue(value=value, precision=precision)) == expected
