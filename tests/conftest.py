"""Fixtures shared by every test folder."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator

import pytest

# No telemetry or update checks from Prefect on a machine without internet.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Extraction in the test process unless a test asks for worker processes: tests patch the
# loaded model (which workers would not see), and each worker loads a model of its own.
os.environ.setdefault("DIPEVENTS_EXTRACT_PROCESSES", "1")


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline, loaded once for the whole test session."""
    from pipeline.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Port of a local server that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()

