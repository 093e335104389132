"""The ingest benchmarks at a tiny size (`make bench` runs them at full size): each starts,
ingests, and prints the figures the issue asks for in the format documented in its docstring."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.db.servers import POSTGRES_URL_ENV, postgres_server_url, unreachable_reason

ROOT = Path(__file__).resolve().parents[2]
STAGE_LINE = re.compile(r"^  (read|clean|extract|save|orchestration) +([\d.]+) s +([\d.]+)%$")


def bench(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m benchmarks.MODULE ARGS` from the project root."""
    env = {**os.environ, "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}  # a busy machine
    return subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("module", ["ingest_share", "dask_scaleout", "save_growth"])
def test_each_benchmark_explains_its_options(module):
    done = bench(module, "--help")
    assert done.returncode == 0, done.stderr
    assert "--articles" in done.stdout


@pytest.mark.parametrize("module", ["ingest_share", "dask_scaleout", "save_growth"])
def test_a_bad_size_is_a_clear_message(module):
    done = bench(module, "--articles", "0")
    assert done.returncode == 2
    assert "--articles" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.postgres
def test_ingest_share_splits_one_runs_seconds_into_its_stages():
    if reason := unreachable_reason(postgres_server_url()):
        pytest.skip(f"{reason}; set {POSTGRES_URL_ENV} to use another server")
    done = bench("ingest_share", "--articles", "6", "--processes", "1")
    assert done.returncode in (0, 1), done.stderr  # 1: the target, not met at this size
    lines = done.stdout.splitlines()
    head = re.match(r"6 articles \([\d,]+ words\) into postgresql.*: 6 new, 0 updated, "
                    r"0 unchanged, (\d+) events, 0 errors, ([\d.]+) s", lines[0])
    assert head and int(head[1]) > 0, done.stdout
    stages = [STAGE_LINE.match(line) for line in lines[1:6]]
    assert [stage[1] for stage in stages if stage] == [
        "read", "clean", "extract", "save", "orchestration"], done.stdout
    seconds = sum(float(stage[2]) for stage in stages)
    assert seconds == pytest.approx(float(head[2]), abs=0.3)
    assert sum(float(stage[3]) for stage in stages) == pytest.approx(100, abs=0.3)
    assert re.match(r"save share [\d.]+% \(target < 20%\), [\d.]+ ms per article saved; "
                    r"target (NOT )?met$", lines[6]), done.stdout


def test_dask_scaleout_compares_the_best_runs_per_worker():
    done = bench("dask_scaleout", "--articles", "4", "--rounds", "2")
    assert done.returncode in (0, 1), done.stderr  # 1: the target, not met at this size
    lines = done.stdout.splitlines()[-3:]
    runs = [re.match(rf"{name}: 4 articles on 2 workers in ([\d.]+) s \(rounds: ([\d.]+), "
                     r"([\d.]+)\), ([\d.]+) articles/s per worker$", line)
            for name, line in zip(("plain", "dask"), lines[:2], strict=True)]
    assert all(runs), done.stdout
    for run in runs:
        assert float(run[1]) == min(float(run[2]), float(run[3]))
        assert float(run[4]) == pytest.approx(4 / float(run[1]) / 2, abs=0.01)
    plain, dask = (float(run[1]) for run in runs)
    ratio = re.match(r"dask/plain seconds ratio ([\d.]+) \(target <= 1.0\); target (NOT )?met$",
                     lines[2])
    # The ratio is of the unrounded seconds; those printed are rounded to 0.05 s either way.
    rounding = 0.05 / plain + 0.05 / dask
    assert ratio and float(ratio[1]) == pytest.approx(
        dask / plain, rel=rounding, abs=0.005), done.stdout


@pytest.mark.postgres
def test_save_growth_prints_each_tenth_and_their_ratio():
    if reason := unreachable_reason(postgres_server_url()):
        pytest.skip(f"{reason}; set {POSTGRES_URL_ENV} to use another server")
    done = bench("save_growth", "--articles", "20", "--extracted", "5")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    tenths = [re.match(r"^([\d,]+) articles stored: ([\d.]+) ms per article$", line)
              for line in lines[:-1]]
    assert [int(tenth[1]) for tenth in tenths if tenth] == list(range(2, 21, 2)), done.stdout
    assert re.match(r"^last tenth / first tenth: [\d.]+ \(flat is 1\.0\)$", lines[-1])
