"""Unchanged files of a watched folder, skipped before they are read.

A file whose size and modification time are those stored when a completed run last read it is
skipped without opening it; one whose size or time changed is hashed, and skipped too when its
bytes are the same (touched, copied back). Only a changed file is read, cleaned and extracted,
so a bad file gives its error row once, until it changes. New states are written only by
`save()`, which the ingest flow calls when the run has completed: a run that fails or is
stopped leaves the old states, and the next run reads those files again (stored texts are
still skipped by their hash).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from db.files import FileState, file_states, store_file_state
from db.models import MAX_FILE_PATH
from pipeline import EXTRACTOR_VERSION

HASH_CHUNK_BYTES = 1 << 20


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


class StoredFileMemory:
    """The file states of one watched folder, over the `file_states` table.

    folder (str): the folder as the run was given it (a deployment's absolute path).
    """

    def __init__(self, engine: Engine, folder: str) -> None:
        self._engine = engine
        self._folder = folder
        self._stored = file_states(engine, folder, EXTRACTOR_VERSION)
        self._pending: dict[str, FileState] = {}

    def unchanged(self, file: Path) -> bool:
        """Return True when `file` is as a completed run last read it; else hold its new state.

        A file that cannot be examined is not skipped: reading it gives its error row.
        """
        key = str(file.resolve())
        if len(key) > MAX_FILE_PATH:
            return False
        try:
            status = file.stat()
            stored = self._stored.get(key)
            if stored and (stored.size, stored.mtime_ns) == (status.st_size, status.st_mtime_ns):
                return True
            state = FileState(status.st_size, status.st_mtime_ns, file_hash(file))
        except OSError:
            return False
        self._pending[key] = state
        return stored is not None and stored.content_hash == state.content_hash

    def save(self) -> None:
        """Write the states held since the last save."""
        for path, state in self._pending.items():
            store_file_state(self._engine, self._folder, path, state, EXTRACTOR_VERSION)
        self._stored.update(self._pending)
        self._pending.clear()
