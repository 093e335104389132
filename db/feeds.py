"""The validators of each web feed's last complete download (the `feed_states` table).

They live in the database the feed's articles go to, not in a file beside it: a 304 means
"nothing new *for this database*", and a new database must read the whole feed once.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from db.models import FeedStateRow, utcnow
from db.retry import retried
from db.upsert import replace_row


@retried
def feed_validators(engine: Engine, url: str) -> tuple[str | None, str | None] | None:
    """Return the (etag, last_modified) stored for the feed at `url`; None when none is."""
    with engine.connect() as connection:
        row = connection.execute(
            select(FeedStateRow.etag, FeedStateRow.last_modified).where(FeedStateRow.url == url)
        ).first()
    return (row.etag, row.last_modified) if row is not None else None


@retried
def store_feed_validators(
    engine: Engine, url: str, etag: str | None, last_modified: str | None
) -> None:
    """Insert or replace the validators of the feed at `url`; safe to repeat."""
    values = {"etag": etag, "last_modified": last_modified, "updated_at": utcnow()}
    replace_row(engine, FeedStateRow.__table__.c.url, url, values)
