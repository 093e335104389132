"""Holding SIGINT and SIGTERM back while a batch is saved, so a batch is saved whole or not at all.

Each article is saved in its own transaction, and a batch's error rows and counts follow; an
interrupt in between would leave a batch half saved and the run's counts short of what is
stored. Inside `deferred_signals` a first SIGINT or SIGTERM is remembered and delivered when
the block ends; a second one is delivered at once (someone who presses Ctrl+C twice means it).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

DEFERRED = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Run the block with SIGINT and SIGTERM held back until it ends.

    Outside the main thread (where handlers cannot be set) the block runs unprotected.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        if received:
            _restore(previous)
            signal.raise_signal(signum)
        received.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in DEFERRED}
    try:
        yield
    finally:
        _restore(previous)
        if received:
            signal.raise_signal(received[0])


def _restore(handlers: dict[int, object]) -> None:
    """Put the handlers back (None stands for one set outside Python: the default then)."""
    for signum, handler in handlers.items():
        signal.signal(signum, signal.SIG_DFL if handler is None else handler)
