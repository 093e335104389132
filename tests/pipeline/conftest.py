"""Fixtures of the pipeline tests: event extraction over a hand-made actor table."""

from __future__ import annotations

import importlib
import re
import textwrap
from collections.abc import Callable, Mapping
from datetime import date

import pytest

from pipeline.events import extract_events
from pipeline.model import Actor, ActorMention, Article, Event, Location
from pipeline.timex import find_timexes


class PlaceTable:
    """A resolver double that knows the countries of a few places, and the states of the
    alias table by their country."""

    def __init__(self, places: Mapping[str, str], aliases: Mapping[str, Actor]) -> None:
        self.places = places
        self.aliases = aliases
        self.states = {a.country: a for a in aliases.values() if a.kind == "state"}

    def country_of_place(self, name: str) -> str | None:
        return self.places.get(name)

    def locate(self, name: str) -> Location | None:
        """A place the table knows; a city (not a state's name) gets coordinates."""
        country = self.places.get(name)
        if not country:
            return None
        state = self.aliases.get(name)
        city = state is None or state.kind != "state" or state.name != name
        if city:
            return Location(name, country, 0.0, 0.0, precision="city")
        return Location(name, country, precision="country")

    def state(self, country: str) -> Actor | None:
        return self.states.get(country)

    def capital(self, country: str) -> Location | None:
        return None

    def canonical(self, name: str) -> Actor | None:
        return self.aliases.get(name)


def table_mentions(text: str, aliases: Mapping[str, Actor]) -> list[ActorMention]:
    """Return the non-overlapping alias matches of the text, longest alias first."""
    taken: list[tuple[int, int]] = []
    mentions = []
    for alias in sorted(aliases, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(alias)}\b", text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            mentions.append(ActorMention(aliases[alias], alias, start, end))
    return sorted(mentions, key=lambda m: m.start_char)


@pytest.fixture()
def events_with(nlp) -> Callable[..., list[Event]]:
    """Return a function extracting the events of a text whose actors are an alias table, so
    that event tests do not depend on the actor resolver."""

    def run(
        text: str,
        aliases: Mapping[str, Actor],
        places: Mapping[str, str] | None = None,
        published: date = date(2024, 3, 15),
    ) -> list[Event]:
        doc = nlp(text)
        article = Article(document="test.txt", text=text, published=published)
        timexes = find_timexes(doc, published)
        mentions = table_mentions(text, aliases)
        resolver = PlaceTable(places or {}, aliases)
        return extract_events(doc, mentions, timexes, article, resolver=resolver)

    return run


# Extractors built in worker processes by the parallel and Dask tests: in a module of their
# own, so a spawned worker can import them (with a blank model: no model to load, no events,
# fast).
WORKER_MODULE = '''
import dataclasses
import os

import spacy

from pipeline.extract import Extractor


def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


class Failing(Extractor):
    def extract_doc(self, doc, article):
        if article.document.startswith("bad"):
            raise ValueError("this text breaks a rule")
        if article.document.startswith("crash"):
            os._exit(9)  # the worker dies as a segfault or the OOM killer would kill it
        return super().extract_doc(doc, article)


def failing(batch_size=2):
    return Failing(blank(), batch_size=batch_size)


class TellingPriority(Extractor):
    """Puts its process's niceness in each article's title."""

    def extract_doc(self, doc, article):
        result = super().extract_doc(doc, article)
        return dataclasses.replace(
            result, article=dataclasses.replace(result.article, title=str(os.nice(0))))


class TellingThreads(Extractor):
    """Puts its process's OpenBLAS thread setting in each article's title."""

    def extract_doc(self, doc, article):
        result = super().extract_doc(doc, article)
        threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
        return dataclasses.replace(
            result, article=dataclasses.replace(result.article, title=threads))


def telling_threads(batch_size=2):
    return TellingThreads(blank(), batch_size=batch_size)


def telling_priority(batch_size=2):
    return TellingPriority(blank(), batch_size=batch_size)
'''


@pytest.fixture
def workers_module(tmp_path, monkeypatch):
    """The module of WORKER_MODULE, importable by this process and its spawned workers."""
    (tmp_path / "parallel_workers.py").write_text(textwrap.dedent(WORKER_MODULE))
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module("parallel_workers")
