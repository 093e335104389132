"""Read-only role for BI tools (PostgreSQL only, opt-in through DIPEVENTS_BI_ROLE).

When DIPEVENTS_BI_ROLE names a role at upgrade time, the role is created if missing (NOLOGIN,
or LOGIN with DIPEVENTS_BI_PASSWORD as its password) and may then read every table and view
of the schema, including tables later migrations create (default privileges of the migrating
user). An existing role keeps its login and password. Without the setting, or on another
backend, this revision changes nothing. The downgrade revokes the grants but keeps the role,
which may be used elsewhere in the cluster. The password is never logged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import settings

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE_ENV = "DIPEVENTS_BI_ROLE"
PASSWORD_ENV = "DIPEVENTS_BI_PASSWORD"
# Plain identifiers only: the name is written into GRANT statements, which take no parameters.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_$]{0,62}")


def _role() -> str | None:
    """Return the configured role name on PostgreSQL, else None (nothing to do)."""
    role = settings.value(ROLE_ENV) or ""
    if not role or op.get_context().dialect.name != "postgresql":
        return None
    if not _ROLE_NAME.fullmatch(role):
        raise ValueError(
            f"{ROLE_ENV}={role!r} is not a plain PostgreSQL role name: use lower-case letters, "
            "digits and underscores, starting with a letter (e.g. dipevents_bi)"
        )
    return role


def _role_exists(connection: sa.Connection, role: str) -> bool:
    query = sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role")
    return connection.execute(query, {"role": role}).first() is not None


def upgrade() -> None:
    role = _role()
    if role is None:
        return
    connection = op.get_bind()
    if not _role_exists(connection, role):
        password = settings.value(PASSWORD_ENV)
        if password:
            quoted = connection.execute(
                sa.text("SELECT quote_literal(:password)"), {"password": password}
            ).scalar_one()
            connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD {quoted}")
        else:
            connection.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
    database, schema = connection.execute(
        sa.text("SELECT quote_ident(current_database()), quote_ident(current_schema())")
    ).one()
    for statement in (
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}",
    ):
        op.execute(statement)


def downgrade() -> None:
    role = _role()
    if role is None:
        return
    connection = op.get_bind()
    if not _role_exists(connection, role):
        return
    database, schema = connection.execute(
        sa.text("SELECT quote_ident(current_database()), quote_ident(current_schema())")
    ).one()
    for statement in (
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE SELECT ON TABLES FROM {role}",
        f"REVOKE SELECT ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE USAGE ON SCHEMA {schema} FROM {role}",
        f"REVOKE CONNECT ON DATABASE {database} FROM {role}",
    ):
        op.execute(statement)
