"""The generated bad-input corpus: a folder of everything a source may throw at an ingest.

`write_corpus` fills a folder with good articles (invented texts, under odd file names too)
and bad inputs of every kind the issue lists: empty, whitespace, binary, PNG, gzip, UTF-16 with
and without a byte-order mark, latin-1, NUL bytes, control characters, oversized files, a 2 MB
single line, broken and script-only HTML, bad JSON and JSON lines, wrong field types, a
manifest with bad rows, non-English texts, over-long ids, paths and URLs, odd and non-UTF-8
file names, symlink loops, a FIFO. It returns what each document must become: an article, or
one error row. Symlink loops, a FIFO and hidden files are no article and no error: the folder
reader passes over them.

`bad_manifests` writes manifests an ingest must refuse at once (a non-zero exit, one line).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
import zlib
from pathlib import Path

from benchmarks.faults.expect import Expectation
from benchmarks.faults.texts import good_html, good_text

MB = 1024 * 1024
FRENCH = ("Le ministre des affaires étrangères a rencontré son homologue à Paris mardi, et les "
          "deux pays ont signé un accord sur la coopération dans le domaine de l'énergie. ")
RUSSIAN = ("Министр иностранных дел встретился с послом во вторник, и стороны договорились "
           "продолжить переговоры о торговле в следующем месяце. ")
CHINESE = "外交部长星期二会见了大使，双方同意下个月继续就贸易问题进行谈判。"
ODD_NAMES = ("with space.txt", "ünïcödé-名前.txt", "-leading-dash.txt", "quote'and\"double.txt",
             "hash#and%percent.txt", "new\nline.txt", "tab\tand;semi&amp.txt", "UPPER.TXT")
# Good articles numbered from here on belong to the corpus (other scenarios use lower numbers).
FIRST = 1000


def png_bytes() -> bytes:
    """Return a valid 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b""))


class Corpus:
    """Writes files under `folder` and notes what each must become."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.expect = Expectation()
        self.number = FIRST

    def next_text(self) -> str:
        self.number += 1
        return good_text(self.number)

    def write(self, name: str, content: bytes | str, outcome: str | None) -> Path:
        """Write `name`; `outcome` "stored" or "error" for its one document, None for none."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        if outcome == "stored":
            self.expect.store(name)
        elif outcome == "error":
            self.expect.refuse(name)
        return path


def write_corpus(folder: Path, size: str, good: int) -> Expectation:
    """Write the corpus into `folder` (size "small" or "full", `good` plain good articles)."""
    corpus = Corpus(folder)
    for index in range(good):
        corpus.write(f"good/{index:03d}.txt", corpus.next_text(), "stored")
    _encodings(corpus)
    _binaries(corpus)
    _sizes(corpus, size)
    _html(corpus)
    _json(corpus)
    _names_and_paths(corpus)
    _manifest(corpus)
    return corpus.expect


def _encodings(corpus: Corpus) -> None:
    text = corpus.next_text()
    corpus.write("enc/utf8-bom.txt", b"\xef\xbb\xbf" + text.encode(), "stored")
    corpus.write("enc/utf16-bom.txt", text.encode("utf-16"), "error")
    corpus.write("enc/utf16-no-bom.txt", text.encode("utf-16-le"), "error")
    corpus.write("enc/latin1.txt", ("Café diplomacy: " + corpus.next_text()).encode("latin-1"),
                 "error")
    corpus.write("enc/nul-bytes.txt", corpus.next_text().replace(" ", "\0", 3), "error")
    corpus.write("enc/controls-many.txt", "\x07\x1b" * 400 + corpus.next_text(), "error")
    corpus.write("enc/controls-few.txt", corpus.next_text().replace(" the ", " the\x0b ", 2),
                 "stored")
    corpus.write("lang/french.txt", FRENCH * 4, "error")
    corpus.write("lang/russian.txt", RUSSIAN * 4, "error")
    corpus.write("lang/chinese.txt", CHINESE * 8, "error")


def _binaries(corpus: Corpus) -> None:
    corpus.write("bin/empty.txt", b"", "error")
    corpus.write("bin/whitespace.txt", " \n\t\r\n   \n" * 50, "error")
    corpus.write("bin/random.txt", random.Random(9).randbytes(4096), "error")
    corpus.write("bin/image.png", png_bytes(), "error")
    corpus.write("bin/image-named.txt", png_bytes(), "error")
    corpus.write("bin/archive.txt", gzip.compress(corpus.next_text().encode()), "error")
    corpus.write("bin/archive.txt.gz", gzip.compress(corpus.next_text().encode()), "error")
    corpus.write("bin/no-suffix", corpus.next_text(), "error")


def _sizes(corpus: Corpus, size: str) -> None:
    paragraph = corpus.next_text() + "\n\n"
    corpus.write("big/six-mb.txt", paragraph * (6 * MB // len(paragraph) + 1), "error")
    if size == "full":
        corpus.write("big/fifty-mb.txt", b"x" * (50 * MB), "error")
        # One 2 MB line of English words: cleaned and extracted in pieces.
        line = (corpus.next_text().replace("\n\n", " ") + " ") * (2 * MB // 700)
        corpus.write("big/two-mb-line.txt", line, "stored")
    else:
        # One 2 MB line that is no English: cleaned, then refused for its language.
        corpus.write("big/two-mb-line.txt", RUSSIAN.replace("\n", " ") * (2 * MB // 250),
                     "error")


def _html(corpus: Corpus) -> None:
    corpus.number += 1
    corpus.write("html/page.html", good_html(corpus.number), "stored")
    corpus.number += 1
    corpus.write("html/saved-page.txt", good_html(corpus.number), "stored")
    broken = "<html><body><div><p>" + corpus.next_text().replace("\n\n", "<p><table><tr><td>")
    corpus.write("html/broken.html", broken + "</span></i><b", "stored")
    corpus.write("html/script-only.html",
                 "<html><head><script>var a = 1; while (a) { a++; }</script></head>"
                 "<body><script>document.write('news')</script></body></html>", "error")
    corpus.write("html/tags-only.html", "<html><body><div></div><br><hr></body></html>",
                 "error")


def _json(corpus: Corpus) -> None:
    corpus.write("json/truncated.json", '{"id": "cut", "text": "The minister', "error")
    corpus.write("json/not-utf8.json", b'{"text": "caf\xe9"}', "error")
    corpus.write("json/deep.json", "[" * 100_000 + "]" * 100_000, "error")
    records = [{"id": "json-list-good", "text": corpus.next_text()}, 42, {"title": "no text"},
               {"text": ["not", "a", "string"]}]
    corpus.write("json/list.json", json.dumps(records), None)
    corpus.expect.store("json-list-good")
    corpus.expect.refuse("json/list.json#2", "json/list.json#3", "json/list.json#4")
    text = corpus.next_text()
    lines = [
        json.dumps({"id": "jsonl-good", "text": corpus.next_text()}),
        '{"id": "broken", "text": ',
        "[1, 2, 3]",
        "",
        json.dumps({"id": "wrong-type-text", "text": 123}),
        json.dumps({"id": "odd-types", "text": corpus.next_text(), "title": 42,
                    "published": 20240101, "source": ["a", "list"], "url": 17}),
        json.dumps({"id": 12345, "text": corpus.next_text(), "published": 20240101}),
        json.dumps({"id": "x" * 600, "text": corpus.next_text()}),
        json.dumps({"id": "long-url", "url": "https://example.com/" + "a" * 800,
                    "text": corpus.next_text()}),
        json.dumps({"id": "nul\u0000in-id", "text": text}),
        json.dumps({"id": "html-record", "html": good_html(corpus.number + 1)}),
        "[" * 50_000,
    ]
    corpus.number += 1
    body = "\n".join(lines).encode() + b"\n" + b'{"id": "latin1-line", "text": "caf\xe9"}\n'
    body += json.dumps({"id": "six-mb-line", "text": "word " * (6 * MB // 5)}).encode()
    corpus.write("json/lines.jsonl", body, None)
    corpus.expect.store("jsonl-good", "12345", "nulin-id", "html-record")
    corpus.expect.refuse("json/lines.jsonl#2", "json/lines.jsonl#3", "wrong-type-text",
                         "odd-types", "x" * 600, "long-url", "json/lines.jsonl#12",
                         "json/lines.jsonl#13", "json/lines.jsonl#14")


def _names_and_paths(corpus: Corpus) -> None:
    for name in ODD_NAMES:
        corpus.write(f"names/{name}", corpus.next_text(), "stored")
    # A name that is not UTF-8 (Linux allows any bytes): its id keeps U+FFFD in their place.
    corpus.write(os.fsdecode(b"names/latin1-\xe9t\xe9.txt"), corpus.next_text(), None)
    corpus.expect.store("names/latin1-\ufffdt\ufffd.txt")
    deep = "/".join(["d" * 200] * 3)
    corpus.write(f"{deep}/long-path.txt", corpus.next_text(), "error")
    corpus.write(".hidden/secret.txt", corpus.next_text(), None)
    corpus.write(".hidden-file.txt", corpus.next_text(), None)
    loops = corpus.folder / "loops"
    loops.mkdir()
    (loops / "a.txt").symlink_to("b.txt")
    (loops / "b.txt").symlink_to("a.txt")
    (loops / "self.txt").symlink_to("self.txt")
    (loops / "up").symlink_to("..")
    (loops / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(loops / "fifo.txt")  # reading it would wait for a writer for ever


def _manifest(corpus: Corpus) -> None:
    """A manifest with good, odd and bad rows: each bad row costs at most its own article."""
    corpus.write("listed/dated.txt", corpus.next_text(), "stored")
    corpus.write("listed/bad-date.txt", corpus.next_text(), "stored")
    corpus.write("listed/long-url.txt", corpus.next_text(), "error")
    corpus.write("listed/long-source.txt", corpus.next_text(), "error")
    rows = [
        "file,url,title,source,published,extra",
        "listed/dated.txt,https://example.com/dated,Dated,Wire,2024-05-07,x",
        "listed/bad-date.txt,,Bad date,Wire,not a date,",
        f"listed/long-url.txt,https://example.com/{'u' * 800},Long,Wire,2024-05-07,",
        f"listed/long-source.txt,,Long source,{'s' * 300},2024-05-07,",
        "listed/missing.txt,https://example.com/missing,Missing,Wire,2024-05-07,",
        ",,row without a file,,,",
        "listed/short-row.txt",
    ]
    corpus.write("manifest.csv", "\ufeff" + "\n".join(rows) + "\n", None)
    corpus.expect.refuse("listed/missing.txt", "listed/short-row.txt")


def bad_manifests(folder: Path) -> list[Path]:
    """Write manifests that no ingest can use; each must be refused with one line."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "no-file-column.csv": "url,title\nhttps://example.com/a,A\n",
        "binary.csv": png_bytes(),
        "latin1.csv": "file,title\nété.txt,Été\n".encode("latin-1"),
        "empty.csv": b"",
    }
    paths = []
    for name, content in bad.items():
        path = folder / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        paths.append(path)
    return paths
