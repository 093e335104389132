"""Raw bytes or HTML in, the article's own text out.

Three steps, each usable alone:

- `decode` turns what a source read into text, refusing empty, binary, non-UTF-8 and
  oversized input with a `CleanError` that says what failed;
- `clean_text` reduces an HTML page to its main text (trafilatura, lxml as a fallback) and
  removes the text news pages carry around an article: advertising and widget lines, leftover
  markup, image captions and credits, repeated paragraphs, newsletter prompts and teasers of
  other stories. The rules are general patterns of news pages, kept as data in the module
  constants below; paragraphs come out separated by one blank line;
- `check_language` rejects text that is not English (a stopword-ratio heuristic).

`to_article` chains them for a `RawArticle` and fills in the publication date;
`clean_article` does the same but returns an `ArticleError` for any failure, so that one input
never stops a stream.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from pipeline.model import Article, ArticleError, RawArticle
from pipeline.pubdate import find_published

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Larger inputs are refused: no news article is this long, and spaCy's memory use grows with
# the text length.
MAX_BYTES = 5 * 1024 * 1024
# Share of control characters above which a text is taken for binary data.
MAX_CONTROL_RATIO = 0.05
# Below this share of English stopwords among the words, a text is not English.
MIN_STOPWORD_RATIO = 0.15
# Texts with fewer words are too short to judge their language and are accepted.
MIN_WORDS_FOR_LANGUAGE = 25
# Texts with at least this many letters, most of them outside the Latin alphabet (Chinese,
# Arabic, Cyrillic ...), are not English; scripts without spaces give too few "words" to count.
MIN_LETTERS_FOR_SCRIPT = 40
LATIN_END = 0x250  # Basic Latin to Latin Extended-B
# A paragraph repeated inside a longer one (a caption or standfirst) is dropped from this
# many words on; shorter ones ("Kim said.") may legitimately recur.
MIN_REPEAT_WORDS = 8
# How many paragraphs before and after a paragraph are searched for a longer one repeating it.
# Captions and standfirsts stand near the paragraph they repeat, and every paragraph of a
# news article is within this reach; comparing each paragraph with every other one made
# cleaning quadratic in the length of the text (minutes for a few megabytes).
REPEAT_WINDOW = 60
# A line of at least this many words, all in capitals, is a headline of a linked story.
MIN_CAPS_HEADLINE_WORDS = 4
# A cut-off last paragraph of at least this many words is the article's own text, truncated by
# the page or the scraper, rather than the headline of another story.
MIN_CUT_OFF_PROSE_WORDS = 8
# The most words of a link's text or a name that a page sets on a line of its own.
MAX_LINK_WORDS = 6
# Lines at most this long are checked against the widget and advertising patterns.
MAX_WIDGET_WORDS = 14

ENCODINGS = ("utf-8-sig",)  # utf-8 with or without a byte-order mark
# Half of a UTF-16 surrogate pair on its own, as a JSON "\ud800" escape gives: no character,
# and text holding one cannot be encoded (hashed or stored).
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Whole lines that are advertising slots.
ADVERTISING = re.compile(
    r"^(?:advertisement|advertising|advert|ad|sponsored(?: content| post)?|paid (?:content|post)"
    r"|promoted(?: content)?|partner content|story continues below(?: this)? advertisement"
    r"|continue reading (?:below|the main story)|scroll to continue(?: with content)?"
    r"|article continues (?:below|after (?:this )?advertisement))[.:]?$",
    re.IGNORECASE,
)
# Sentences of page widgets (share buttons, summaries, reading tools). A line is dropped when
# every sentence in it is one of these.
WIDGET = re.compile(
    r"^(?:show quick read|quick read|summary is ai[- ]generated|ai[- ]generated summary"
    r"|newsroom reviewed|share(?: this(?: article| story)?| on \w+| via \w+)?|tweet|email|print"
    r"|copy link|link copied|read more|read full (?:story|article)|show more|show less|see more"
    r"|listen to (?:this )?(?:article|story)|\d+ min(?:ute)?s? read|bookmark|save(?: article)?"
    r"|comments?|view comments|leave a comment|follow us(?: on [\w ,&]+)?|font size|text size"
    r"|click here(?: to [\w ]+)?|toggle [\w ]+|expand|collapse|back to top"
    r"|(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit)(?: ?[|/,] ?\w+)*)[.!:]?$",
    re.IGNORECASE,
)
# Newsletter and subscription prompts, matched at the start of a line.
NEWSLETTER = re.compile(
    r"^(?:(?:our |free |daily |weekly )?newsletters?\b(?!\s+\w+\s+\w+\s+\w+\s+\w+\s+\w+)"
    r"|sign up (?:for|to)\b|subscribe (?:to|now|for|today)\b|subscribe$"
    r"|by signing up,? you\b"
    r"|get the (?:latest|best|top)\b.*\b(?:delivered|in your inbox|straight to)"
    r"|enter your e-?mail|(?:already|become) a subscriber|unlock (?:this|unlimited)\b"
    r"|you have reached your (?:free )?article limit|thanks? (?:you )?for signing up)",
    re.IGNORECASE,
)
# Lines that start a block of teasers for other stories; the block runs over the following
# headline-like lines.
TEASER_HEADING = re.compile(
    r"^(?:also read|read also|read next|see also|related(?: stories| articles| news| coverage"
    r"| content| reading| links)?|recommended(?: stories| articles| for you| reading)?"
    r"|more (?:from|on|in|stories|news)\b.*|you (?:may|might) also (?:like|be interested in)"
    r"|most (?:read|popular|viewed)|trending(?: now| stories)?|top stories|latest (?:news|stories)"
    r"|editor'?s picks?|don'?t miss|what to read next|popular (?:now|stories)|in other news"
    r"|other stories|more stories|(?:read|read more|watch|listen)(?=\s*:))\b\s*[:|\-–—]?",
    re.IGNORECASE,
)
# Image captions and credits.
CAPTION_START = re.compile(
    r"^\(?(?:photo|image|picture|pic|graphic|illustration|video|caption|file photo|credit"
    r"|photo credit|image credit|image source|photograph)s?(?: by)?\s*[:|/]",
    re.IGNORECASE,
)
CAPTION_CREDIT = re.compile(
    r"\((?:(?:photo|image|picture|graphic|illustration)(?: source| credit)?\s*:|"
    r"(?:AP|AFP|EPA|Reuters|Getty|Xinhua|Yonhap|KCNA|Bloomberg|Shutterstock)\b[^)]*"
    r"(?:photo|image|pool)s?\b)[^)]*\)\s*$|"
    r"\b(?:photo|image|picture)(?: by)?\s*:\s*[\w .'/-]+$|"
    r"/\s*(?:Getty Images|AFP|Reuters|AP|EPA|Shutterstock)\s*\)?$",
    re.IGNORECASE,
)
# Who stands where in a photo, only ever written in captions: "(not pictured)", "(L)",
# "(2nd R)", "(left to right)".
CAPTION_POSITION = re.compile(
    r"\((?:not pictured|l|r|left|right|centre|center|\d(?:st|nd|rd|th) [lr]|"
    r"(?:l|r|left|right) to (?:l|r|left|right)|front|back|top|bottom)\)",
    re.IGNORECASE,
)
# A line that begins with a markup tag is a fragment of the page's HTML, not text.
MARKUP_LINE = re.compile(r"^\s*</?[a-zA-Z][\w-]*(?:\s[^>]*)?/?>")
MARKUP_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^>]*)?/?>")
# Metadata fields glued to the start of a text ("date 2025-09-08 China's ...").
LEADING_METADATA = re.compile(
    r"^\s*(?:date|published|updated|posted)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:.+Z-]+)?\s+",
    re.IGNORECASE,
)
# A question mark standing for a lost dash between two words ("Korea?U.S. alliance").
LOST_DASH = re.compile(r"(?<=[A-Za-z.])\?(?=[A-Z])|(?<=\w) \? (?=\w)")
# Words a sentence cannot end on: a line ending on one was broken off its sentence (a link
# or a name that the page set on a line of its own).
DANGLING_WORD = re.compile(
    r"\b(?:a|an|the|of|with|to|by|at|in|on|for|from|and|or|but|as|than|between|about|"
    r"into|over|under|after|before|against|among|his|her|their|its|our|my|your|who|which|"
    r"that)$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")
BULLET = re.compile(r"^\s*(?:[-•*·▪►>]|\d+[.)])\s+")
HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml)", re.IGNORECASE)
HTML_BLOCK_TAG = re.compile(r"<(?:p|div|br|article|section|span|a|li|h[1-6])\b", re.IGNORECASE)
# Block tags in a page that is HTML but does not start like one.
MIN_HTML_TAGS = 10
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# The most frequent English function words; their share of the words tells English text apart.
ENGLISH_STOPWORDS = frozenset(
    """a about after against all also an and any are as at be been before being between both
    but by can could did do does during each for from had has have he her here him his how i if
    in into is it its itself just may me more most my no nor not now of off on once only or other
    our out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your""".split()
)
# Tags whose text is never article text, for the lxml fallback.
NON_TEXT_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                 "figure", "figcaption", "button", "iframe", "svg", "template")
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote pre dd dt".split()
)


class CleanError(ValueError):
    """An input that cannot become article text; the message says what failed.

    stage: "decode" when the bytes are not usable text, "clean" when the text is not an
        English article.
    """

    def __init__(self, message: str, *, stage: Literal["decode", "clean"] = "clean") -> None:
        super().__init__(message)
        self.stage = stage


def decode(content: bytes | str) -> str:
    """Return the text of `content`, refusing empty, binary, non-UTF-8 or oversized input.

    content (bytes | str): what a source read; bytes must be UTF-8 (a byte-order mark is
        allowed).
    RETURNS (str): the decoded text, unchanged but for lone surrogates in a str, which become
        U+FFFD as an undecodable byte would.
    """
    size = len(content.encode("utf-8", "surrogatepass")) if isinstance(content, str) else len(
        content
    )
    if size > MAX_BYTES:
        raise CleanError(
            f"input is too large: {size / 1024 / 1024:.1f} MB, over the "
            f"{MAX_BYTES // 1024 // 1024} MB limit for one article",
            stage="decode",
        )
    if isinstance(content, bytes):
        if b"\x00" in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CleanError("input is binary: it contains NUL bytes", stage="decode")
        text = _decode_bytes(content)
    else:
        text = LONE_SURROGATE.sub("\ufffd", content)
    if not text.strip():
        raise CleanError("input is empty: no text to extract events from", stage="decode")
    if "\x00" in text:
        raise CleanError("input is binary: it contains NUL bytes", stage="decode")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise CleanError(
            f"input is binary: {controls} of {len(text)} characters are control characters",
            stage="decode",
        )
    return text


def _decode_bytes(content: bytes) -> str:
    """Decode UTF-8 bytes, or raise a CleanError naming the first invalid byte."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CleanError(
            "input is not UTF-8: it starts with a UTF-16 byte-order mark; re-save it as UTF-8",
            stage="decode",
        )
    try:
        return content.decode(ENCODINGS[0])
    except UnicodeDecodeError as exc:
        bad = content[exc.start : exc.start + 1].hex()
        raise CleanError(
            f"input is not UTF-8 (tried {', '.join(('utf-8', *ENCODINGS))}): invalid byte "
            f"0x{bad} at position {exc.start}; re-save it as UTF-8",
            stage="decode",
        ) from exc


def looks_like_html(text: str) -> bool:
    """Return True when `text` is an HTML page rather than plain text with stray tags."""
    head = text[:4096]
    return bool(HTML_START.match(head)) or len(HTML_BLOCK_TAG.findall(head)) >= MIN_HTML_TAGS


def html_to_text(html: str) -> str:
    """Return the main text of an HTML page, one paragraph a line.

    trafilatura finds the article body; when it finds none, the page's visible text (without
    scripts, navigation, headers, footers and figures) is used instead.
    """
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        # trafilatura's deduplication remembers text across calls, so a page read twice
        # would lose paragraphs; repeated paragraphs are removed by `_drop_repeats` instead.
        deduplicate=False,
    )
    if text and text.strip():
        return text
    logger.debug("trafilatura found no main text; falling back to lxml")
    return _lxml_text(html)


def _lxml_text(html: str) -> str:
    """Return the visible text of a page with lxml, one block element a line."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return MARKUP_TAG.sub(" ", html)
    etree.strip_elements(root, *NON_TEXT_TAGS, etree.Comment, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return root.text_content()


def clean_text(text: str, *, html: bool | None = None) -> str:
    """Return the article text of `text`, paragraphs separated by a blank line.

    text (str): decoded plain text or HTML.
    html (bool | None): whether `text` is HTML; None guesses from the text.
    RETURNS (str): the cleaned text; "" when nothing of the article is left.
    """
    if html is None:
        html = looks_like_html(text)
    if html:
        text = html_to_text(text)
    text = _normalize(text)
    paragraphs = _join_broken_sentences(_paragraphs(text))
    paragraphs = [p for p in paragraphs if not _is_junk_line(p)]
    paragraphs = _drop_teaser_blocks(paragraphs)
    paragraphs = _drop_repeats(paragraphs)
    paragraphs = _drop_trailing_teasers(paragraphs)
    return "\n\n".join(paragraphs)


def _normalize(text: str) -> str:
    """Unify line ends and spaces, drop invisible characters and glued metadata."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    text = LEADING_METADATA.sub("", text, count=1)
    return LOST_DASH.sub(lambda m: " – " if m.group(0) == " ? " else "–", text)


def _paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: one per line, with hard-wrapped lines joined again.

    A paragraph's lines are collected in a list and joined once, and only the last line is
    checked for a sentence end, so a paragraph of many wrapped lines costs its length, not
    its length times its lines.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for raw_line in block.split("\n"):
            line = re.sub(r" {2,}", " ", raw_line).strip()
            if not line:
                continue
            if lines and not SENTENCE_END.search(lines[-1]) and line[0].islower():
                lines.append(line)
                continue
            if lines:
                paragraphs.append(" ".join(lines))
            lines = [line]
        if lines:
            paragraphs.append(" ".join(lines))
    return paragraphs


def _join_broken_sentences(paragraphs: list[str]) -> list[str]:
    """Join the pieces of a sentence that a page set on lines of their own.

    Pages put the text of a link or a name on its own line ("Trump met with" / "Emmanuel
    Macron" / "at the White House on Monday"). A piece that does not end a sentence is joined
    to the next one when that starts in lower case, or when that is a short piece (a link, a
    name) and the first ends on a word no sentence ends on or the text goes on in lower case
    after it.
    """
    # Pieces are collected per sentence and joined once, so that cleaning stays linear.
    groups: list[list[str]] = []
    for index, paragraph in enumerate(paragraphs):
        previous = groups[-1][-1] if groups else ""
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if previous and not SENTENCE_END.search(previous) and (
            paragraph[0].islower()
            or (
                _is_link_piece(paragraph)
                and (DANGLING_WORD.search(previous) or following[:1].islower())
            )
        ):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    return [" ".join(group) for group in groups]


def _is_link_piece(paragraph: str) -> bool:
    """Return True for a few words that end no sentence: a link's text or a name."""
    return len(paragraph.split()) <= MAX_LINK_WORDS and not SENTENCE_END.search(paragraph)


def _is_junk_line(line: str) -> bool:
    """Return True for a line that is not article text wherever it stands."""
    if MARKUP_LINE.match(line):
        return True
    words = line.split()
    if len(words) <= MAX_WIDGET_WORDS:
        if ADVERTISING.match(line):
            return True
        sentences = [s for s in re.split(r"(?<=[.!|])\s+|\s+\|\s+", line) if s.strip(" |")]
        if sentences and all(WIDGET.match(s.strip(" |")) for s in sentences):
            return True
    if NEWSLETTER.match(line) or CAPTION_START.match(line) or CAPTION_CREDIT.search(line):
        return True
    if CAPTION_POSITION.search(line):
        return True
    letters = [ch for ch in line if ch.isalpha()]
    return (
        len(words) >= MIN_CAPS_HEADLINE_WORDS
        and bool(letters)
        and all(ch.isupper() for ch in letters if ch.isascii())
        and sum(ch.isascii() for ch in letters) > len(letters) / 2
        and not SENTENCE_END.search(line.rstrip("’'\""))
    )


def _teaser_heading_payload(line: str) -> str | None:
    """Return what follows a teaser heading on its line ("" for a bare heading), else None.

    None means the line only starts like a heading ("More from the talks came ...") and is
    article text.
    """
    match = TEASER_HEADING.match(line)
    if match is None:
        return None
    rest = line[match.end() :].strip()
    heading = line[: match.end()].rstrip()
    if not rest or heading.endswith((":", "|", "-", "–", "—")):
        return rest
    return None


def _is_headline_like(line: str) -> bool:
    """Return True for a bullet or a line that does not end a sentence (a headline, a link)."""
    return bool(BULLET.match(line)) or not SENTENCE_END.search(line)


def _drop_teaser_blocks(paragraphs: list[str]) -> list[str]:
    """Drop "Related stories:"-style headings and the run of headlines that follows each."""
    kept: list[str] = []
    in_block = False
    for paragraph in paragraphs:
        if TEASER_HEADING.match(paragraph) and _teaser_heading_payload(paragraph) is not None:
            in_block = True
            continue
        if in_block and _is_headline_like(paragraph):
            continue
        in_block = False
        kept.append(paragraph)
    return kept


def _key(paragraph: str) -> str:
    """Return the comparison form of a paragraph: lower case, words only."""
    return " ".join(WORD.findall(paragraph.lower()))


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop exact duplicates and paragraphs repeated inside a longer one (captions, decks).

    Duplicates are found anywhere in the text; a paragraph repeated inside a longer one only
    within REPEAT_WINDOW paragraphs of it, which keeps the work linear in the text length.
    """
    keys = [_key(p) for p in paragraphs]
    kept: list[str] = []
    seen: set[str] = set()
    for index, (paragraph, key) in enumerate(zip(paragraphs, keys, strict=True)):
        if key and key in seen:
            continue
        seen.add(key)
        if not _repeated_nearby(keys, index):
            kept.append(paragraph)
    return kept


def _repeated_nearby(keys: list[str], index: int) -> bool:
    """Return True when the key at `index` is long enough and inside a longer key nearby."""
    key = keys[index]
    if len(key.split(maxsplit=MIN_REPEAT_WORDS)) < MIN_REPEAT_WORDS:
        return False
    nearby = keys[max(0, index - REPEAT_WINDOW) : index + REPEAT_WINDOW + 1]
    return any(len(other) > len(key) and key in other for other in nearby)


def _drop_trailing_teasers(paragraphs: list[str]) -> list[str]:
    """Drop the run of headline-like or cut-off paragraphs that pages append after an article.

    A paragraph that does not end a sentence, at the end of the text, is a link to another
    story or the truncated excerpt of one; the last sentence-final paragraph ends the article.
    One exception: a lone cut-off paragraph of prose right after the article's last complete
    one is the article itself, truncated by the page or the scraper, and is kept.
    """
    end = len(paragraphs)
    while end > 0 and _is_headline_like(paragraphs[end - 1]):
        end -= 1
    if end == 0:
        return paragraphs
    if end == len(paragraphs) - 1 and _is_cut_off_prose(paragraphs[end]):
        end += 1
    return paragraphs[:end]


def _is_cut_off_prose(paragraph: str) -> bool:
    """Return True for a sentence of running text cut off before its end (no bullet, no
    headline: it starts with a capital and most of its words are in lower case)."""
    words = paragraph.split()
    if len(words) < MIN_CUT_OFF_PROSE_WORDS or BULLET.match(paragraph):
        return False
    if not (paragraph[0].isupper() or paragraph[0] in "\"“‘'"):
        return False
    lower = sum(word[0].islower() for word in words)
    return lower > len(words) / 2


def english_stopword_ratio(text: str) -> float:
    """Return the share of the words of `text` that are common English function words."""
    words = WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(word in ENGLISH_STOPWORDS for word in words) / len(words)


def check_language(text: str) -> str:
    """Return "en" for English text, or raise CleanError naming the problem.

    Texts shorter than MIN_WORDS_FOR_LANGUAGE words are accepted as they are too short to tell.
    """
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(ord(ch) < LATIN_END for ch in letters)
    if len(letters) >= MIN_LETTERS_FOR_SCRIPT and latin < len(letters) / 2:
        raise CleanError(
            f"text is not English: {1 - latin / len(letters):.0%} of its letters are not in "
            f"the Latin alphabet; only English articles are supported"
        )
    words = WORD.findall(text)
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return "en"
    ratio = english_stopword_ratio(text)
    if ratio < MIN_STOPWORD_RATIO:
        raise CleanError(
            f"text is not English: {ratio:.0%} of its words are common English words "
            f"(at least {MIN_STOPWORD_RATIO:.0%} expected); only English articles are supported"
        )
    return "en"


def to_article(raw: RawArticle) -> Article:
    """Return the cleaned article of `raw`: decoded, cleaned, checked to be English and dated.

    The publication date is the source's when it gave one, else the one found in the page's
    metadata, the text's first lines or the URL (`pipeline.pubdate.find_published`), else
    None.
    RAISES (CleanError): when the content is unusable (see `decode`), no article text is
    left after cleaning, or the text is not English.
    """
    decoded = decode(raw.content)
    is_html = raw.content_type == "html" if raw.content_type else looks_like_html(decoded)
    text = clean_text(decoded, html=is_html)
    if not text.strip():
        raise CleanError("no article text left after removing page furniture")
    language = check_language(text)
    published, published_from = raw.published, raw.published_from
    if published is None:
        found = find_published(
            text=text if is_html else decoded, html=decoded if is_html else None, url=raw.url
        )
        if found is not None:
            published, published_from = found
    elif published_from is None:
        published_from = "metadata"
    return Article(
        document=raw.document,
        text=text,
        url=raw.url,
        title=raw.title,
        source=raw.source,
        published=published,
        published_from=published_from,
        language=language,
    )



def clean_article(raw: RawArticle) -> Article | ArticleError:
    """Return the cleaned article of `raw`, or the ArticleError saying why there is none.

    Never raises: a refused input gives the CleanError's stage and message, and an unexpected
    failure of a cleaning step (a parser crashing on a malformed page) gives stage "clean".
    """
    try:
        return to_article(raw)
    except CleanError as exc:
        return ArticleError(document=raw.document, stage=exc.stage, message=str(exc),
                            url=raw.url)
    except Exception as exc:  # noqa: BLE001 - recorded per article, see docstring
        logger.exception("cleaning failed for %s", raw.document)
        reason = (str(exc).strip().splitlines() or [""])[0]
        return ArticleError(
            document=raw.document,
            stage="clean",
            message=f"cleaning failed: {type(exc).__name__}: {reason}",
            url=raw.url,
        )
