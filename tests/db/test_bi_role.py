"""The read-only BI role of migration 0003 (PostgreSQL only, opt-in by DIPEVENTS_BI_ROLE)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import ProgrammingError

from db.migrate import downgrade, upgrade
from db.session import make_engine
from db.store import Store
from pipeline.model import Actor, Article, Event, ExtractionResult, Participant
from tests.db.servers import drop_role, throwaway_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def bi_role(postgres_server: str) -> Iterator[str]:
    """A random role name; the role is dropped afterwards (roles outlive databases)."""
    role = f"dipevents_bi_{secrets.token_hex(4)}"
    yield role
    drop_role(postgres_server, role)


@pytest.fixture
def bi_database(postgres_server: str, bi_role: str, monkeypatch) -> Iterator[str]:
    """A database upgraded to head with DIPEVENTS_BI_ROLE set, holding one event."""
    monkeypatch.setenv("DIPEVENTS_BI_ROLE", bi_role)
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        engine = make_engine(url)
        article = Article(document="a.txt", text="Sweden hosted Chile.")
        event = Event(
            code="042",
            participants=[Participant(Actor("Sweden", "state", "SWE"), "source")],
        )
        Store(engine).save(ExtractionResult(article=article, events=[event], extractor_version="1"))
        engine.dispose()
        yield url


def _as_role(url: str, role: str, statement: str) -> object:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f"SET ROLE {role}"))
            return connection.execute(text(statement)).scalar()
    finally:
        engine.dispose()


def _role_attributes(connection: Connection, role: str) -> tuple[bool, bool]:
    return tuple(
        connection.execute(
            text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :role"),
            {"role": role},
        ).one()
    )


def test_bi_role_can_read_the_views_and_tables(bi_database, bi_role):
    assert _as_role(bi_database, bi_role, "SELECT COUNT(*) FROM event_facts") == 1
    assert _as_role(bi_database, bi_role, "SELECT COUNT(*) FROM actors") == 1


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO cameo_codes (code, name, root, quad_class, goldstein) "
        "VALUES ('999', 'x', '99', 1, 0)",
        "UPDATE events SET modality = 'negated'",
        "DELETE FROM changes",
    ],
)
def test_bi_role_cannot_write(bi_database, bi_role, statement):
    with pytest.raises(ProgrammingError, match="permission denied"):
        _as_role(bi_database, bi_role, statement)


def test_bi_role_is_nologin_without_a_password(bi_database, bi_role):
    engine = make_engine(bi_database)
    with engine.connect() as connection:
        assert _role_attributes(connection, bi_role) == (False, False)
    engine.dispose()


def test_bi_role_with_a_password_may_log_in(postgres_server, bi_role, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_BI_ROLE", bi_role)
    monkeypatch.setenv("DIPEVENTS_BI_PASSWORD", "it's-secret")
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            assert _role_attributes(connection, bi_role) == (True, False)
        engine.dispose()


def test_downgrade_revokes_the_grants(bi_database, bi_role):
    downgrade(bi_database, "0002")
    with pytest.raises(ProgrammingError, match="permission denied"):
        _as_role(bi_database, bi_role, "SELECT COUNT(*) FROM event_facts")


def test_without_the_setting_no_role_is_created(postgres_server, bi_role, monkeypatch):
    monkeypatch.delenv("DIPEVENTS_BI_ROLE", raising=False)
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT COUNT(*) FROM pg_roles WHERE rolname = :role"), {"role": bi_role}
            ).scalar_one()
        engine.dispose()
    assert found == 0


def test_a_role_name_that_is_not_a_plain_identifier_is_refused(postgres_server, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_BI_ROLE", 'bi"; DROP TABLE events; --')
    with throwaway_database(postgres_server) as url:
        with pytest.raises(ValueError, match="is not a plain PostgreSQL role name"):
            upgrade(url)
