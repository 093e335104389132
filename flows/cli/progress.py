"""Progress of a long command on stderr: a bar on a terminal, a log line per batch elsewhere.

On a terminal, a bar with the count, rate and time left when the total is known, and a spinner
with the count and rate when it is not (a feed). When stderr is not a terminal (cron, systemd,
a container's log), each update is one plain line with the counts so far and the rate, so a
long run is never silent until its end.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Articles per second, as rich estimates it from the last updates."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")


class RunProgress:
    """Show how far a run is: `update(done, detail)` after each batch (or article).

    label (str): what the run does, e.g. "Ingesting seeds/".
    total (int | None): articles expected, None when unknown.
    console (Console): stderr's console; a bar when it is a terminal, lines otherwise.
    log_every (int): articles between two lines when not on a terminal (1: every update).
    """

    def __init__(
        self, label: str, total: int | None, console: Console, *, log_every: int = 1
    ) -> None:
        self.label = label
        self.total = total
        self.console = console
        self.log_every = log_every
        self._logged = 0
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> RunProgress:
        if self.console.is_terminal:
            self._bar = Progress(*self._columns(), console=self.console, transient=True,
                                 redirect_stdout=False)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, detail="")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _columns(self) -> list[ProgressColumn]:
        if self.total is None:
            return [SpinnerColumn(), TextColumn("{task.description}: {task.completed} articles"),
                    RateColumn(), TimeElapsedColumn(), TextColumn("{task.fields[detail]}")]
        return [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                RateColumn(), TimeRemainingColumn(), TextColumn("{task.fields[detail]}")]

    def update(self, done: int, detail: str) -> None:
        """Show `done` articles so far and `detail` (counts of what they gave)."""
        if self._bar is not None:
            self._bar.update(self._task, completed=done, detail=detail)
            return
        if done - self._logged < self.log_every:
            return
        self._logged = done
        self.console.print(self.line(done, detail), markup=False, highlight=False,
                           soft_wrap=True)

    def line(self, done: int, detail: str) -> str:
        """Return the log line of `done` articles: count, share of the total, rate, detail."""
        elapsed = max(time.monotonic() - self._started, 1e-9)
        count = f"{done}/{self.total} articles" if self.total else f"{done} articles"
        return f"{self.label}: {count}, {done / elapsed:.1f}/s, {detail}"
