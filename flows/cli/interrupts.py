"""Stopping a command with Ctrl+C (SIGINT) or SIGTERM: one line, exit 130 or 143, no leftovers.

SIGTERM is turned into `Terminated`, a KeyboardInterrupt, so both signals unwind the same way:
`finally` blocks and context managers run (a flow's run row is closed, a temporary Prefect
server is stopped at exit) instead of the process dying where it stands.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

import typer

# Shell convention: 128 + the signal's number.
EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextlib.contextmanager
def stops_cleanly(message: str) -> Iterator[None]:
    """Run a command's work; on SIGINT or SIGTERM print `Interrupted (signal): message`.

    RAISES (typer.Exit): 130 after SIGINT, 143 after SIGTERM.
    """
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    except KeyboardInterrupt as stop:
        terminated = isinstance(stop, Terminated)
        typer.echo(f"Interrupted ({'SIGTERM' if terminated else 'Ctrl+C'}): {message}", err=True)
        raise typer.Exit(EXIT_SIGTERM if terminated else EXIT_SIGINT) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
