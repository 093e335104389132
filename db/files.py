"""What each file of a watched folder looked like when last read (the `file_states` table).

Like feed validators, they live in the database the articles go to: "unchanged" means
"already read into *this* database by this extractor version".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from db.models import FileStateRow, utcnow
from db.upsert import replace_row


@dataclass(frozen=True)
class FileState:
    """A file's size, modification time (ns) and SHA-256 when it was read."""

    size: int
    mtime_ns: int
    content_hash: str


def file_states(engine: Engine, folder: str, extractor_version: str) -> dict[str, FileState]:
    """Return the states stored for the files of `folder` read by `extractor_version`, by path."""
    query = select(FileStateRow).where(
        FileStateRow.folder == folder, FileStateRow.extractor_version == extractor_version
    )
    with engine.connect() as connection:
        return {
            row.path: FileState(row.size, row.mtime_ns, row.content_hash)
            for row in connection.execute(query)
        }


def store_file_state(
    engine: Engine, folder: str, path: str, state: FileState, extractor_version: str
) -> None:
    """Insert or replace the state of the file at `path` in `folder`."""
    values = {"folder": folder, "size": state.size, "mtime_ns": state.mtime_ns,
              "content_hash": state.content_hash, "extractor_version": extractor_version,
              "updated_at": utcnow()}
    replace_row(engine, FileStateRow.__table__.c.path, path, values)
