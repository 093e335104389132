"""Fixtures for the database tests: migrated SQLite and PostgreSQL databases, result builders.

Store, view and query tests take the parametrized `engine` fixture and so run on SQLite and,
when the server answers, on PostgreSQL (marked `postgres`). Inputs are built inline with the
`build_result` and `make_event` factories; no spaCy model is needed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.migrate import upgrade
from db.models import Base, CameoCodeRow, ChangeLogLockRow
from db.session import make_engine
from db.store import Store
from pipeline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Evidence,
    ExtractionResult,
    Location,
    Participant,
    TimeValue,
)
from tests.db.servers import (
    MARIADB_URL_ENV,
    POSTGRES_URL_ENV,
    mariadb_server_url,
    postgres_server_url,
    throwaway_database,
    unreachable_reason,
)

# Rows the migrations load and the code relies on; the per-test cleanup keeps them.
KEPT_TABLES = (CameoCodeRow.__table__, ChangeLogLockRow.__table__)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# Migrations are also checked on MariaDB, which the sync target may be.
MIGRATION_BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """URL of the PostgreSQL test server; skips the test when it does not answer."""
    url = postgres_server_url()
    reason = unreachable_reason(url)
    if reason:
        pytest.skip(f"{reason}; set {POSTGRES_URL_ENV} to use another server")
    return url


@pytest.fixture(scope="session")
def mariadb_server() -> str:
    """URL of the MariaDB test server; skips the test when it does not answer."""
    url = mariadb_server_url()
    reason = unreachable_reason(url)
    if reason:
        pytest.skip(f"{reason}; set {MARIADB_URL_ENV} to use another server")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file that does not exist yet."""
    return f"sqlite:///{tmp_path / 'dipevents.db'}"


@pytest.fixture(params=MIGRATION_BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    """URL of an empty database: SQLite, throwaway PostgreSQL and MariaDB databases."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    with throwaway_database(request.getfixturevalue(f"{request.param}_server")) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session, copied by each test that needs one."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres_server: str) -> Iterator[str]:
    """A throwaway PostgreSQL database migrated to head once per session."""
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite_template: Path
) -> Iterator[Engine]:
    """An engine on a migrated database with no rows but the CAMEO table."""
    if request.param == "sqlite":
        path = tmp_path / "dipevents.db"
        shutil.copy(migrated_sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(request.getfixturevalue("migrated_postgres_url"))
        # DELETE, children first: far quicker than TRUNCATE on tables this small.
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                if table not in KEPT_TABLES:
                    connection.execute(table.delete())
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    return Store(engine)


EventFactory = Callable[..., Event]
ResultFactory = Callable[..., ExtractionResult]


@pytest.fixture
def make_event() -> EventFactory:
    """Build an Event: code, participants as (Actor, role) pairs, optional day and location."""

    def _make(
        code: str,
        participants: Sequence[tuple[Actor, str]],
        *,
        day: dt.date | None = None,
        modality: str = "asserted",
        location: Location | None = None,
        sentence: str = "Something happened.",
        start_char: int = 0,
    ) -> Event:
        when = (
            TimeValue(value=day.isoformat(), precision="day", start=day, end=day, text="on")
            if day
            else TimeValue(value=None, precision="unknown", method="none")
        )
        return Event(
            code=code,
            participants=[Participant(actor=actor, role=role) for actor, role in participants],
            date=when,
            location=location,
            modality=modality,
            evidence=[Evidence(sentence, start_char, start_char + len(sentence), trigger="x")],
        )

    return _make


@pytest.fixture
def build_result() -> ResultFactory:
    """Build an ExtractionResult for a small article; the text defaults to one per document."""

    def _build(
        document: str = "report.txt",
        events: Sequence[Event] = (),
        *,
        text: str | None = None,
        extractor_version: str = "1.0",
        url: str | None = None,
        published: dt.date | None = dt.date(2024, 3, 1),
        mentions: Sequence[tuple[Actor, str]] = (),
    ) -> ExtractionResult:
        article = Article(
            document=document,
            text=text if text is not None else f"Full text of {document}.",
            url=url,
            title=f"Title of {document}",
            source="Example Wire",
            published=published,
            published_from="metadata" if published else None,
        )
        return ExtractionResult(
            article=article,
            events=list(events),
            extractor_version=extractor_version,
            mentions=[ActorMention(actor, said, 0, len(said)) for actor, said in mentions],
        )

    return _build


@pytest.fixture
def save_in_parallel(
    engine: Engine, build_result: ResultFactory, make_event: EventFactory
) -> Callable[[Sequence[tuple[Actor, str]]], None]:
    """Save 20 articles from 4 threads, 5 each, as Prefect's threaded task runs may; every
    article has one 042 event with the given (actor, role) participants."""

    def run(participants: Sequence[tuple[Actor, str]]) -> None:
        def save_batch(worker: int) -> None:
            worker_store = Store(engine)
            for index in range(5):
                event = make_event("042", list(participants))
                worker_store.save(build_result(f"{worker}-{index}.txt", [event]))

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(save_batch, range(4)))

    return run
