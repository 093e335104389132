"""Start-up costs of the command line: `dipevents --help`, and a one-article ingest against a
one-article extract.

Run with `make bench` (or `python benchmarks/quickstart.py [--runs N]`). Every timing is a new
`dipevents` process (a cold start, as a user or cron runs it), measured in wall-clock seconds:

- help:    `dipevents --help`, the median of 5 runs (target: under 1 s);
- extract: `dipevents extract` of one seed article;
- ingest:  `dipevents ingest` of the same article into a new SQLite database (its schema
           created beforehand, untimed), with no Prefect server configured, so the command
           starts its temporary one.

Extract and ingest alternate, `--runs` times each, and the ratio of their medians is printed
(target: ingest at most twice extract). The Prefect server's own database lives in a temporary
PREFECT_HOME, created by one untimed ingest first (a first run ever creates it, once).

Then the same with a running Prefect server (`prefect server start`, API and UI, started
here and stopped at the end) configured through PREFECT_API_URL, as for scheduled runs: the
ratio when nothing needs to start.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DIPEVENTS = Path(sys.executable).parent / "dipevents"
TARGET_HELP_S = 1.0
TARGET_RATIO = 2.0
HELP_RUNS = 5


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Run `dipevents ARGS` and return its wall-clock seconds; fail loudly when it fails."""
    start = time.perf_counter()
    done = subprocess.run([str(DIPEVENTS), *args], env=env, cwd=cwd, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"dipevents {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stderr[-2000:]}")
    return seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """Start `prefect server start` on a free port; yield its API URL; stop it."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host",
         "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("prefect server start did not answer within 180 s")
        yield api
    finally:
        server.terminate()
        server.wait(timeout=30)


def medians(
    env: dict[str, str], work: Path, article: Path, runs: int, first: int
) -> tuple[float, float]:
    """Return the median seconds of `runs` alternating extracts and ingests of `article`."""
    extracts: list[float] = []
    ingests: list[float] = []
    for number in range(first, first + runs):
        extracts.append(timed(["extract", str(article)], env, work))
        url = f"sqlite:///{work / f'events{number}.db'}"
        timed(["db", "upgrade", "--db", url], env, work)
        ingests.append(timed(["ingest", str(article), "--db", url], env, work))
    return statistics.median(extracts), statistics.median(ingests)


def main(argv: list[str] | None = None) -> int:
    """Print the help time and the one-article ingest/extract ratio; exit 1 when a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of extract and of ingest")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="dipevents-quickstart-") as tmp:
        work = Path(tmp)
        article = work / "one"
        article.mkdir()
        first = sorted(SEEDS.glob("*.txt"))[0]
        shutil.copy(first, article / first.name)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("PREFECT_API_")}
        env |= {"PREFECT_HOME": str(work / "prefect"), "DO_NOT_TRACK": "1"}

        helps = [timed(["--help"], env, work) for _ in range(HELP_RUNS)]
        help_s = statistics.median(helps)

        medians(env, work, article, 1, 0)  # untimed: creates the Prefect server's database
        extract_s, ingest_s = medians(env, work, article, args.runs, 1)
        with running_server(env) as api_url:
            served_extract_s, served_ingest_s = medians(
                {**env, "PREFECT_API_URL": api_url}, work, article, args.runs, 100)

    ratio = ingest_s / extract_s
    served_ratio = served_ingest_s / served_extract_s
    processes = os.environ.get("DIPEVENTS_EXTRACT_PROCESSES", "cores")
    print(f"dipevents --help: {help_s:.2f} s (median of {HELP_RUNS}; target < "
          f"{TARGET_HELP_S:g} s)", flush=True)
    print(f"one article, cold start ({processes} extraction processes): extract "
          f"{extract_s:.1f} s, ingest {ingest_s:.1f} s with a temporary Prefect server "
          f"(medians of {args.runs}); ingest/extract ratio {ratio:.2f} "
          f"(target <= {TARGET_RATIO:g})", flush=True)
    print(f"one article, cold start, a running Prefect server in PREFECT_API_URL: extract "
          f"{served_extract_s:.1f} s, ingest {served_ingest_s:.1f} s (medians of {args.runs}); "
          f"ingest/extract ratio {served_ratio:.2f} (target <= {TARGET_RATIO:g})", flush=True)
    ok = help_s < TARGET_HELP_S and ratio <= TARGET_RATIO and served_ratio <= TARGET_RATIO
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
