"""Where a command writes its results: stdout, or the file named by --output, written whole.

A file is written under a temporary name beside it and renamed when the command succeeds, so a
failed or interrupted command leaves no partial file, and a file it would have replaced stays
as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; it becomes `path` when the block ends without error.

    On an error or an interrupt the temporary file is removed and the error goes on.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        yield temporary
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)


@contextlib.contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """Yield stdout, or a text file that becomes `path` when the block succeeds."""
    if path is None:
        yield sys.stdout
        return
    with written_whole(path) as temporary, temporary.open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        yield handle
