"""Feed validators remembered in the database between runs, for conditional GET.

`iter_feed` hands over a feed's new validators once it has yielded every entry; they are
written only by `save()`, which the ingest flow calls when the run has completed. A run that
fails or is killed before its last batch is stored keeps the old validators, so the next run
reads the whole feed again instead of being told "304, nothing new" about entries it lost.
"""

from __future__ import annotations

from sqlalchemy import Engine

from db.feeds import feed_validators, store_feed_validators
from flows.download import Validators


class StoredFeedMemory:
    """The `FeedMemory` of `flows.fetch` over the `feed_states` table.

    conditional (bool): False asks for every feed in full (`--refresh`) while still keeping
        the new validators.
    """

    def __init__(self, engine: Engine, *, conditional: bool = True) -> None:
        self._engine = engine
        self._conditional = conditional
        self._pending: dict[str, Validators] = {}

    def recall(self, url: str) -> Validators | None:
        """The validators stored for the feed at `url`; None when asked for in full."""
        if not self._conditional:
            return None
        stored = feed_validators(self._engine, url)
        return Validators(*stored) if stored else None

    def remember(self, url: str, validators: Validators) -> None:
        """Hold the validators of a feed read in full until `save()`."""
        if validators.etag or validators.last_modified:
            self._pending[url] = validators

    def save(self) -> None:
        """Write the validators held since the last save."""
        for url, validators in self._pending.items():
            store_feed_validators(self._engine, url, validators.etag, validators.last_modified)
        self._pending.clear()
