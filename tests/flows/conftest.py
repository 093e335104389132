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


@pytest.fixture
def report_database(database_url: str) -> str:
    """A SQLite database of four invented events for the report: three placed ones in two
    months (one of them hostile) and an undated one; one evidence sentence carries HTML."""
    import datetime as dt

    from db.session import make_engine
    from db.store import Store
    from pipeline.model import (
        Actor,
        Article,
        Event,
        Evidence,
        ExtractionResult,
        Location,
        Participant,
        TimeValue,
    )

    okafor = Actor("Amara Okafor", "person", "NGA", "Foreign Minister")
    ghana, kenya = Actor("Ghana", "state", "GHA"), Actor("Kenya", "state", "KEN")
    rows = [  # code, source, target, day, place, sentence
        ("042", okafor, ghana, dt.date(2024, 3, 5), Location("Accra", "GHA", 5.56, -0.2),
         "Okafor arrived in Accra on Tuesday."),
        ("036", ghana, okafor, dt.date(2024, 3, 6), Location("Accra", "GHA", 5.56, -0.2),
         "Ghana said it would <b>host</b> further talks."),
        ("111", kenya, ghana, dt.date(2024, 4, 10), Location("Nairobi", "KEN", -1.29, 36.82),
         "Kenya rebuked Ghana over the port fees."),
        ("043", kenya, okafor, None, None, "Kenya will host Okafor at some point."),
    ]
    engine = make_engine(database_url)
    store = Store(engine)
    for number, (code, source, target, day, place, sentence) in enumerate(rows):
        when = (TimeValue(day.isoformat(), "day", day, day, text="on") if day
                else TimeValue(None, "unknown", method="none"))
        event = Event(
            code=code,
            participants=[Participant(source, "source"), Participant(target, "target")],
            date=when, location=place,
            evidence=[Evidence(sentence, 0, len(sentence), trigger="x")],
        )
        article = Article(
            document=f"{number}.txt", text=f"{sentence} ({number})",
            url=f"https://news.example/{number}", title=f"Story {number}",
            source="Example Wire", published=dt.date(2024, 4, 30), published_from="metadata",
        )
        store.save(ExtractionResult(article=article, events=[event], extractor_version="1.0"))
    engine.dispose()
    return database_url
