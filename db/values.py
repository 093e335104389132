"""Text values made storable: no NUL, no lone surrogates, and no longer than their column.

PostgreSQL refuses a NUL character in text and a value longer than its VARCHAR column, and no
database driver can encode half of a UTF-16 surrogate pair (a file name that is not UTF-8
holds some); SQLite takes all of these. The store cleans every value the same way on every
backend, so what is stored does not depend on the database.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import Column
from sqlalchemy.orm import InstrumentedAttribute

from db.models import ArticleRow, IngestionErrorRow
from pipeline.model import Article, ArticleError

UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
ELLIPSIS = "…"
# Article values kept in a column of limited length: what to call each, and how to fix one that
# is too long. An article is stored with these as they are, or not at all: the document id
# and URL identify it, and a shortened URL could pass for another page's.
ARTICLE_LIMITS = {
    "document": ("the document id", "give the file a shorter path or the record a shorter id"),
    "url": ("the URL", "an article is only stored with its whole URL"),
    "source": ("the source name", "shorten it in the manifest or the record"),
    "language": ("the language code", "give an ISO 639 code"),
}


class ValueTooLongError(ValueError):
    """A value is longer than its column and cannot be shortened without changing its meaning."""


def storable(value: str) -> str:
    """Return `value` without NUL characters, lone surrogates replaced by U+FFFD."""
    return UNSTORABLE.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", value)


def column_length(column: Column | InstrumentedAttribute) -> int | None:
    """Return the most characters `column` holds, or None when its length is not limited."""
    return getattr(column.type, "length", None)


def shorten(value: str, limit: int) -> str:
    """Return `value` cut to `limit` characters by an ellipsis in the middle.

    Both ends stay: the start of an id or URL says where it comes from, and the end of a path
    names the file.
    """
    if len(value) <= limit:
        return value
    head = (limit - len(ELLIPSIS)) // 2
    tail = limit - len(ELLIPSIS) - head
    return f"{value[:head]}{ELLIPSIS}{value[len(value) - tail:]}"


def storable_article(article: Article) -> Article:
    """Return `article` with storable metadata (see `storable`); the text is left as it is.

    RAISES (ValueTooLongError): when a value of ARTICLE_LIMITS is longer than its column; the
        message names the value, its length, the limit and the fix.
    """
    values: dict[str, str] = {}
    for name, (what, fix) in ARTICLE_LIMITS.items():
        value = getattr(article, name)
        if value is None:
            continue
        values[name] = storable(value)
        limit = column_length(getattr(ArticleRow, name))
        if limit is not None and len(values[name]) > limit:
            raise ValueTooLongError(
                f"{what} is {len(values[name])} characters long, over the {limit} the database "
                f"stores; {fix}"
            )
    title = storable(article.title) if article.title is not None else None
    return replace(article, title=title, **values)


def storable_error(error: ArticleError) -> ArticleError:
    """Return `error` storable: values cleaned, a too long document id or URL shortened.

    An error row is always written, so what does not fit is shortened (see `shorten`), and its
    message says which value was shortened from how many characters.
    """
    message = storable(error.message)
    document = storable(error.document)
    url = storable(error.url) if error.url is not None else None
    notes: list[str] = []
    document_limit = column_length(IngestionErrorRow.document) or len(document)
    if len(document) > document_limit:
        notes.append(f"document id shortened from {len(document)} characters")
        document = shorten(document, document_limit)
    url_limit = column_length(IngestionErrorRow.url)
    if url is not None and url_limit is not None and len(url) > url_limit:
        notes.append(f"URL shortened from {len(url)} characters")
        url = shorten(url, url_limit)
    if notes:
        message = f"{message} ({'; '.join(notes)} to fit the table)"
    return replace(error, document=document, url=url, message=message)
