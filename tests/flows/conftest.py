"""Fixtures for the flow, source and CLI tests: a Prefect test server, a migrated database and
folders of small articles written inline."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_TEXT = (
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday, "
    "the two leaders said in a joint statement.\n\n"
    "Macron and Scholz signed an agreement on energy cooperation and said they would meet "
    "again in Paris next month."
)
GOOD_HTML = """<!DOCTYPE html><html><head><title>Talks in Tokyo</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Japan and India hold talks</h1>
<p>Japanese Prime Minister Fumio Kishida hosted Indian Prime Minister Narendra Modi in Tokyo on
Monday, and the two leaders agreed to expand defence cooperation between their countries.</p>
<p>Kishida said Japan would visit India next year to continue the talks on trade.</p>
</article><footer>All rights reserved.</footer></body></html>"""
LATIN1_TEXT = "Le président a rencontré le ministre à Paris."


@pytest.fixture(scope="session")
def prefect_harness():
    """Run every flow of the session against one temporary Prefect server and database."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A new SQLite database at the newest schema revision."""
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'events.db'}"
    upgrade(url)
    return url


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    """A folder of two good articles (text and HTML) with a manifest for one of them."""
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,url,title,source,published\n"
        "berlin.txt,https://example.com/berlin,Leaders meet,Example News,2024-05-07\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def mixed_folder(good_folder: Path) -> Path:
    """The good folder plus one empty, one binary, one non-UTF-8 and one locked file."""
    (good_folder / "empty.txt").write_bytes(b"")
    (good_folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (good_folder / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (good_folder / "locked.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return good_folder


@pytest.fixture
def locked_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make files named locked.txt unreadable (chmod cannot stop root, so reading is patched)."""
    read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
