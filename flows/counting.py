"""How many articles a source holds, counted cheaply before a run, for a progress bar's total.

A folder counts one article per text or HTML file and one per non-empty line of a JSON-lines
file, reading only those files' line breaks; a URL list counts its URLs. A feed or a `.json`
file (whose records are only known once parsed) has no cheap count: the total is None and
progress shows counts without a bar. Counts are at most what a run reads: stored URLs of a
URL list are skipped without being read.
"""

from __future__ import annotations

from pathlib import Path

from flows.sources import (
    FEED_PREFIX,
    FEED_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    MANIFEST_NAME,
    URL_LIST_PREFIX,
    URL_LIST_SUFFIXES,
    WEB_SCHEMES,
)


def count_articles(spec: str) -> int | None:
    """Return how many articles the source `spec` holds, or None when it cannot be counted cheaply.

    Unsupported files and unreadable ones count one each: a run reports each as an error row.
    """
    if spec.startswith(FEED_PREFIX) or spec.startswith(WEB_SCHEMES):
        return None
    path = Path(spec.removeprefix(URL_LIST_PREFIX)).expanduser()
    if spec.startswith(URL_LIST_PREFIX) or path.suffix.lower() in URL_LIST_SUFFIXES:
        return _count_urls(path)
    if path.is_file():
        return None if path.suffix.lower() in FEED_SUFFIXES else _count_file(path)
    if path.is_dir():
        return _count_folder(path)
    return None


def count_all(specs: list[str]) -> int | None:
    """Return the articles of all `specs` together, or None when one of them has no count."""
    total = 0
    for spec in specs:
        count = count_articles(spec)
        if count is None:
            return None
        total += count
    return total


def _count_folder(folder: Path) -> int | None:
    """Count the articles of the files a folder run reads (hidden files and manifest skipped)."""
    total = 0
    for file in folder.rglob("*"):
        parts = file.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not file.is_file():
            continue
        if parts == (MANIFEST_NAME,):
            continue
        count = _count_file(file)
        if count is None:
            return None
        total += count
    return total


def _count_file(file: Path) -> int | None:
    """Return the articles of one file: 1, its non-empty lines for JSON lines, None for JSON."""
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _count_lines(file)
    return None if suffix in JSON_SUFFIXES else 1


def _count_lines(file: Path) -> int:
    """Return the non-empty lines of a file (1 when it cannot be read: one error row)."""
    try:
        with file.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1


def _count_urls(path: Path) -> int | None:
    """Return the URLs listed in a URL list (blank lines and `#` comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return sum(1 for line in lines if line.split() and not line.split()[0].startswith("#"))
