"""Every `dipevents` command shown in README.md and docs/schema.md runs as shown.

The commands are read from the docs themselves: each line of a code block that starts with
`dipevents`, and each inline `dipevents ...` span. A concrete command runs through the real CLI
(CliRunner), in document order, in a working folder holding the files the examples name and
using the default database there (dipevents.db). Only what cannot exist on a test machine is
replaced, each by a local stand-in listed in `stand_ins`: the example web site by a loopback
server, the example PostgreSQL hosts by throwaway databases, the Dask scheduler by a local
cluster, the placeholders (SEQ, TARGET_URL ...) by values. `serve` registers its deployment
on the test's Prefect server and returns instead of serving forever.

A synopsis (with [options], alternatives or PATH...) is not a command to run: each of its
--options is checked to exist on its command. A bare command name in prose is checked to be
a command.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from flows.cli import app

from .conftest import GOOD_HTML, GOOD_TEXT

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "README.md", ROOT / "docs" / "schema.md")
INLINE = re.compile(r"`(dipevents(?: [^`]*)?)`")
SYNOPSIS = re.compile(r"[\[\]()|]|\.\.\.")
# Placeholders of the inline commands, and the value each stands for here.
PLACEHOLDERS = {
    "SEQ": "0",
    "TARGET_URL": "sqlite:///target.db",
    "GOLD.yaml": "tests/data/seeds_gold.yaml",
    "ARTICLES": "seeds/",
    "PATH": "articles.jsonl",
    "N": "2",
}


def shown_commands() -> list[str]:
    """Return the dipevents commands the docs show, once each, in document order."""
    found: list[str] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        fenced = False
        for line in text.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            shown = line.strip()
            # "dipevents --help: 0.16 s" is a benchmark's output, no command
            output = re.match(r"dipevents \S+:", shown) is not None
            block = fenced or line.startswith("    ")
            if block and shown.startswith("dipevents ") and not output:
                found.append(shown)
        # Inline spans may wrap over a line break in the Markdown source.
        found += [" ".join(span.split()) for span in INLINE.findall(text)]
    return list(dict.fromkeys(found))


COMMANDS = shown_commands()
ROOT_COMMAND = typer.main.get_command(app)


def _command(words: list[str]) -> tuple[Any, list[str]]:
    """The (click) command a list of words names, and the words after its path."""
    command = ROOT_COMMAND
    rest = list(words)
    while rest and rest[0] in getattr(command, "commands", {}):
        command = command.commands[rest.pop(0)]
    return command, rest


def _kind(shown: str) -> str:
    words = shown.split()[1:]
    if not words:
        return "name"
    if words == ["--version"]:
        return "run"
    command, rest = _command(words)
    if not rest:
        return "name" if hasattr(command, "commands") or len(words) == 1 else "run"
    return "synopsis" if SYNOPSIS.search(shown) else "run"


def test_the_docs_show_the_commands_this_test_must_cover():
    assert "dipevents export --since-change SEQ" in COMMANDS
    assert "dipevents sync --to TARGET_URL" in COMMANDS
    assert not [
        c
        for c in COMMANDS
        if c.startswith(("dipevents export --since SEQ", "dipevents sync TARGET_URL"))
    ]
    assert len([c for c in COMMANDS if _kind(c) == "run"]) >= 20


@pytest.mark.parametrize("shown", [c for c in COMMANDS if _kind(c) == "synopsis"])
def test_every_option_of_a_synopsis_exists(shown):
    words = shown.split()[1:]
    command, _ = _command(words)
    options = {name for param in command.params for name in param.opts}
    named = set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", shown))
    assert named <= options, f"{shown}: unknown {sorted(named - options)}"


@pytest.mark.parametrize("shown", [c for c in COMMANDS if _kind(c) == "name"])
def test_every_command_named_in_prose_exists(shown):
    command, rest = _command(shown.split()[1:])
    assert rest == [] and (command is not ROOT_COMMAND or shown == "dipevents")


# --- the working folder and the stand-ins -----------------------------------------------------

FEED_PATH = "/world/rss.xml"
OWN_PG = "postgresql://user@localhost/dipevents"
ANALYTICS_PG = "postgresql://app@db.internal/analytics"


class Site(BaseHTTPRequestHandler):
    """The example web site: a feed of one page, the page, no robots.txt."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == FEED_PATH:
            body = (
                "<rss version='2.0'><channel><title>World</title><item><title>Talks</title>"
                f"<link>{base}/world/tokyo</link></item></channel></rss>"
            )
            kind = "application/rss+xml"
        elif self.path in ("/world/tokyo", "/world/berlin"):
            body, kind = GOOD_HTML, "text/html; charset=utf-8"
        else:
            body, kind = "not found", "text/plain"
        data = body.encode("utf-8")
        self.send_response(200 if kind != "text/plain" else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, site: str) -> Path:
    """A working folder with every file the examples name."""
    work = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    (work / "tests" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "seeds_gold.yaml", work / "tests" / "data")
    (work / "articles.jsonl").write_text(
        '{"id": "berlin", "text": ' + json.dumps(GOOD_TEXT) + ', "published": "2024-05-07"}\n'
        '{"id": "tokyo", "html": ' + json.dumps(GOOD_HTML) + "}\n",
        encoding="utf-8",
    )
    (work / "pages").mkdir()
    (work / "pages" / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
    (work / "pages.csv").write_text(
        "file,url,title,source,published\n"
        "tokyo.html,https://example.com/tokyo,Talks in Tokyo,Example News,2024-05-06\n",
        encoding="utf-8",
    )
    (work / "reading-list.txt").write_text(f"{site}/world/berlin\n", encoding="utf-8")
    (work / "article.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (work / "page.html").write_text(GOOD_HTML, encoding="utf-8")
    (work / "news").mkdir()
    return work


@pytest.fixture(scope="module")
def stand_ins(site: str) -> Iterator[dict[str, str]]:
    """What each unreachable example host and each placeholder becomes here; a host without
    a stand-in (no PostgreSQL server) maps to the reason, and its commands are skipped."""
    from db.migrate import upgrade
    from tests.db.servers import postgres_server_url, throwaway_database, unreachable_reason

    replaced = {"https://example.com": site, **PLACEHOLDERS}
    server = postgres_server_url()
    reason = unreachable_reason(server)
    if reason:
        replaced[OWN_PG] = replaced[ANALYTICS_PG] = f"no PostgreSQL server: {reason}"
        yield replaced
        return
    with (
        throwaway_database(server, "dipevents_docs") as own,
        throwaway_database(server, "dipevents_docs") as analytics,
    ):
        upgrade(own)  # the example's own database, created by `dipevents db upgrade --db`
        replaced[OWN_PG], replaced[ANALYTICS_PG] = own, analytics
        yield replaced


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A local Dask scheduler with one in-process worker (stands in for tcp://scheduler:8786)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _substitute(shown: str, stand_ins: dict[str, str], dask: str | None) -> str:
    command = shown
    for example, value in stand_ins.items():
        if example in PLACEHOLDERS:
            command = re.sub(rf"(?<![\w.-]){re.escape(example)}(?![\w.-])", str(value), command)
        elif example in command:
            if value.startswith("no "):
                pytest.skip(f"{example} has no stand-in here: {value}")
            command = command.replace(example, value)
    if dask is not None:
        command = command.replace("tcp://scheduler:8786", dask)
    return command


RUN = [c for c in COMMANDS if _kind(c) == "run"]


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("shown", RUN)
def test_every_command_shown_in_the_docs_runs(shown, folder, stand_ins, request, monkeypatch):
    import flows.serve

    dask = request.getfixturevalue("dask_scheduler") if "tcp://scheduler" in shown else None
    command = _substitute(shown, stand_ins, dask)
    words = shlex.split(command, comments=True)[1:]
    output = None
    if ">" in words:
        at = words.index(">")
        words, output = words[:at], words[at + 1]
    served: list[object] = []
    monkeypatch.setattr(flows.serve, "serve_deployments", lambda *d, **_: served.extend(d))
    monkeypatch.chdir(folder)
    for name in ("DIPEVENTS_DATABASE_URL", "DIPEVENTS_BI_ROLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DIPEVENTS_FETCH_ALLOW", "127.0.0.1")
    monkeypatch.setenv("DIPEVENTS_FETCH_HOST_DELAY", "0")
    if words[:1] != ["db"] and not (folder / "dipevents.db").exists():
        assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0

    result = CliRunner().invoke(app, words)

    assert result.exit_code == 0, f"{command}\n{result.output}"
    if words[0] == "ingest":  # every article of the example read, fetched and stored
        assert re.search(r", 0 errors\b", result.output), f"{command}\n{result.output}"
    if output is not None:
        (folder / output).write_text(result.stdout, encoding="utf-8")
        assert result.stdout
    if words[0] == "serve":
        assert len(served) == 1
