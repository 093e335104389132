"""The fault scenarios: each builds its inputs, runs real ingests at a database while
something goes wrong, and counts what the database holds.

- corpus:     the bad-input corpus, ingested (twice at full size: the second adds nothing);
              manifests no ingest can use are refused first, with one line each;
- kill -9:    a folder of good articles, the ingest killed with SIGKILL at several points
              (one at small size), then resumed by two ingests at once;
- concurrent: two ingests of the same folder started together on a fresh database (full);
- outage:     the database taken away while an ingest saves (PostgreSQL: the connection cut
              and refused until the run gives up with one line; SQLite: the file locked for a
              while), then a second run stores the rest;
- web:        a URL list of hostile pages (`benchmarks.faults.web`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from benchmarks.faults.corpus import bad_manifests, write_corpus
from benchmarks.faults.counting import Tally, count, stored_articles
from benchmarks.faults.databases import Backend
from benchmarks.faults.expect import Expectation
from benchmarks.faults.runs import Finished, Ingests, wait_until
from benchmarks.faults.texts import good_text
from benchmarks.faults.web import FETCH_ENV, hostile_site

IN_PROCESS = threading.Lock()
# Runs still `running` this many seconds after they started are marked `interrupted` by the
# next run: the killed ones, not the one started beside it.
STALE_AFTER = {"DIPEVENTS_DB_STALE_RUN_AFTER": "3"}
# How long the database stays away: past the ingest's retries on PostgreSQL (the run gives
# up); on SQLite, within the 30 s a statement waits for a lock (the run waits it out).
OUTAGE_SECONDS = {"postgresql": 6.0, "sqlite": 4.0}
OUTAGE_EXIT = {"postgresql": 1, "sqlite": 0}
# An outage the retries ride out, before the long one in the same run (full size).
SHORT_OUTAGE_SECONDS = 0.3


@dataclass
class Suite:
    """What every scenario needs: the ingest launcher, a scratch folder and the size."""

    ingests: Ingests
    workdir: Path
    size: str
    corpus: Expectation | None = None

    @property
    def full(self) -> bool:
        return self.size == "full"


def check_exit(tally: Tally, finished: Finished, codes: tuple[int, ...] = (0,)) -> None:
    """Note a problem when a run ended with another status, a traceback or no last line."""
    if finished.returncode not in codes:
        tally.problems.append(f"exit status {finished.returncode}, not {codes}: "
                              f"{finished.last_line()[:200]}")
    if finished.traceback:
        tally.problems.append(f"a traceback on stderr: {finished.last_line()[:200]}")
    if finished.returncode not in (0, -9) and not finished.last_line().startswith("Error:"):
        tally.problems.append(f"no one-line error at the end: {finished.last_line()[:200]}")


def good_folder(folder: Path, first: int, articles: int) -> Expectation:
    """Write `articles` good articles numbered from `first` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    expect = Expectation()
    for number in range(first, first + articles):
        (folder / f"article-{number:04d}.txt").write_text(good_text(number), encoding="utf-8")
        expect.store(f"article-{number:04d}.txt")
    return expect


def corpus(suite: Suite, backend: Backend) -> Tally:
    folder = suite.workdir / "corpus"
    if suite.corpus is None:
        suite.corpus = write_corpus(folder, suite.size, good=12 if suite.full else 4)
    expect = suite.corpus
    with backend.fresh("corpus") as url:
        refusals = _refuse_bad_manifests(suite.workdir / "manifests", url)
        finished = [suite.ingests.run(str(folder), url, "--batch-size", "8")]
        if suite.full:
            finished.append(suite.ingests.run(str(folder), url))
        tally = count(url, expect, "bad-input corpus", backend.name)
    tally.problems += refusals
    for run in finished:
        check_exit(tally, run)
    return tally


def _refuse_bad_manifests(folder: Path, url: str) -> list[str]:
    """Ingest with each unusable manifest: a non-zero exit and one `Error:` message, nothing
    read.

    These are refused before the flow starts, so they run in this process."""
    from flows.cli import app

    problems = []
    runner = CliRunner()
    for manifest in bad_manifests(folder):
        with IN_PROCESS:  # CliRunner swaps sys.stdout: one at a time
            result = runner.invoke(app, ["ingest", str(folder), "--manifest", str(manifest),
                                         "--db", url])
        output = result.output.strip()
        if result.exit_code == 0 or not output.startswith("Error:") or "Traceback" in output:
            problems.append(f"manifest {manifest.name}: exit {result.exit_code}, "
                            f"{result.output.strip()[:200]!r}")
    return problems


def kill_nine(suite: Suite, backend: Backend) -> Tally:
    folder = suite.workdir / "kill"
    articles = 40 if suite.full else 12
    expect = good_folder(folder, 0, articles)
    tally = Tally("kill -9, resumed", backend.name)
    with backend.fresh("kill") as url:

        def after(seconds: float) -> Callable[[], bool]:
            started = time.monotonic()
            return lambda: time.monotonic() - started > seconds

        def stored_more(than: int) -> Callable[[], bool]:
            return lambda: stored_articles(url) > than

        points: list[tuple[str, Callable[[], Callable[[], bool]]]] = [
            ("after the first articles", lambda: stored_more(stored_articles(url))),
        ]
        if suite.full:
            points.insert(0, ("six seconds in", lambda: after(6)))
            points.append(("half way", lambda: stored_more(articles // 2)))
        for name, ready in points:
            condition = ready()
            process = suite.ingests.start(str(folder), url, "--batch-size", "2")
            finished = suite.ingests.kill_when(process, condition)
            if finished.returncode != -9:
                tally.problems.append(f"kill -9 {name}: the run ended first "
                                      f"({finished.returncode}: {finished.last_line()[:120]})")
        # Resumed by two ingests at once; the killed runs started over 3 s before these start
        # theirs (a process takes longer to start), so their rows are stale by then.
        processes = [suite.ingests.start(str(folder), url, env=STALE_AFTER) for _ in range(2)]
        resumed = [suite.ingests.wait(process) for process in processes]
        counted = count(url, expect, tally.scenario, backend.name)
    counted.problems = tally.problems + counted.problems
    for run in resumed:
        check_exit(counted, run)
    return counted


def concurrent(suite: Suite, backend: Backend) -> Tally:
    folder = suite.workdir / "concurrent"
    expect = good_folder(folder, 100, 20)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "french.txt").write_text("Le ministre a rencontré son homologue à Paris. " * 9)
    expect.refuse("empty.txt", "french.txt")
    with backend.fresh("concurrent") as url:
        processes = [suite.ingests.start(str(folder), url, "--batch-size", "4")
                     for _ in range(2)]
        finished = [suite.ingests.wait(process) for process in processes]
        tally = count(url, expect, "two ingests at once", backend.name)
    for run in finished:
        check_exit(tally, run)
    return tally


def outage(suite: Suite, backend: Backend) -> Tally:
    folder = suite.workdir / "outage"
    expect = good_folder(folder, 200, 24 if suite.full else 10)
    retries = {"DIPEVENTS_DB_RETRY_DELAYS": "0.5,1", "DIPEVENTS_DB_CONNECT_TIMEOUT": "2"}
    outages = [OUTAGE_SECONDS[backend.name]]
    if suite.full:
        outages.insert(0, SHORT_OUTAGE_SECONDS)
    problems: list[str] = []
    with backend.fresh("outage") as url:
        with backend.outage(url) as (through, database):
            process = suite.ingests.start(str(folder), through, "--batch-size", "2",
                                          env={**retries, **STALE_AFTER})
            for seconds in outages:  # each once two more articles are stored
                before = stored_articles(url)
                if not wait_until(process, lambda b=before: stored_articles(url) > b + 1):
                    problems.append(f"the run ended before the {seconds} s outage")
                database.cut()
                wait_until(process, lambda: False, seconds)
                database.restore()
            finished = [suite.ingests.wait(process)]
        if suite.full or finished[0].returncode != 0:
            finished.append(suite.ingests.run(str(folder), url, env=STALE_AFTER))
        tally = count(url, expect, "database outage", backend.name)
    tally.problems += problems
    # A run waits out a locked SQLite file; past its retries on PostgreSQL it ends with one line.
    check_exit(tally, finished[0], (OUTAGE_EXIT[backend.name],))
    for run in finished[1:]:
        check_exit(tally, run)
    return tally


def web(suite: Suite, backend: Backend) -> Tally:
    with backend.fresh("web") as url, hostile_site(suite.workdir / "web", 4) as (urls, expect):
        finished = [suite.ingests.run(str(urls), url, env=FETCH_ENV)]
        if suite.full:
            finished.append(suite.ingests.run(str(urls), url, env=FETCH_ENV))
        tally = count(url, expect, "hostile web", backend.name)
    for run in finished:
        check_exit(tally, run)
    return tally
