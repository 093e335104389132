"""Fixtures shared by every test folder."""

from __future__ import annotations

import os

import pytest

# No telemetry or update checks from Prefect on a machine without internet.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline, loaded once for the whole test session."""
    from pipeline.nlp import load_nlp

    return load_nlp()
