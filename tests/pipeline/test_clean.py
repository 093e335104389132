"""Cleaning: bad input is refused with a clear message, page furniture is removed."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.clean import (
    MAX_BYTES,
    REPEAT_WINDOW,
    CleanError,
    check_language,
    clean_article,
    clean_text,
    decode,
    looks_like_html,
    to_article,
)
from pipeline.model import Article, ArticleError, RawArticle

LEDE = (
    "The foreign minister of Norway met her Kenyan counterpart in Nairobi on Tuesday to discuss "
    "the drought response and a new trade agreement between the two countries."
)
SECOND = (
    "Both sides said they would meet again in Oslo next spring, according to a statement "
    "published by the ministry after the talks had ended."
)
ARTICLE = f"{LEDE}\n\n{SECOND}"


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"Plain ASCII text.", "Plain ASCII text."),
        ("Caf\u00e9 talks in Paris.".encode(), "Caf\u00e9 talks in Paris."),
        (b"\xef\xbb\xbfWith a byte-order mark.", "With a byte-order mark."),
        # Half a surrogate pair (a JSON "\ud800" escape) is no character: replaced.
        ("Talks\ud800 ended.", "Talks\ufffd ended."),
        ("Already text.", "Already text."),
    ],
)
def test_decode_returns_text_of_utf8_input(content, expected):
    assert decode(content) == expected


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "input is empty"),
        (b"  \n\t \n", "input is empty"),
        ("", "input is empty"),
        (b"PK\x03\x04\x00\x00binary zip data", "contains NUL bytes"),
        (bytes(range(1, 32)) * 10, "control characters"),
        ("Caf\u00e9 talks".encode("latin-1"), "not UTF-8"),
        ("text".encode("utf-16"), "UTF-16"),
        (b"x" * (MAX_BYTES + 1), "too large"),
    ],
)
def test_decode_refuses_unusable_input_with_what_failed(content, message):
    with pytest.raises(CleanError, match=message) as info:
        decode(content)
    assert info.value.stage == "decode"


def test_decode_names_the_invalid_byte_and_its_position():
    with pytest.raises(CleanError, match=r"0xe9 at position 3"):
        decode("Caf\u00e9".encode("latin-1"))


@pytest.mark.parametrize(
    "junk",
    [
        "ADVERTISEMENT",
        "Advertisement",
        "Sponsored",
        "Story continues below advertisement",
        '<div class="caption"><p>A crowd gathers in the square.</p></div>',
        "<img src='a.jpg' alt='photo'>",
        "Photo: Jane Smith / Example News",
        "(Image source: Example Wire)",
        "Officials arrive at the venue on Monday. (AP Photo/John Doe)",
        "The delegation walks to the palace (Photo: Ministry of Foreign Affairs)",
        "Leaders pose for a picture. Photo by Ann Lee/Getty Images",
        "Show Quick Read",
        "Summary is AI Generated. Newsroom Reviewed",
        "Share",
        "Share this article",
        "Read more",
        "Listen to this article",
        "5 min read",
        "Facebook | Twitter | Email",
        "Sign up for our newsletter",
        "Subscribe to The Example Daily for the best coverage",
        "Get the latest world news delivered to your inbox every morning.",
        "OUR NEWSLETTERS",
        "By signing up you agree to the Terms & Conditions of Example Media",
        # photo captions say who stands where
        "The Chilean president (L) shakes hands with his Peruvian counterpart in Lima.",
        "Ministers address a joint news conference with the envoy (not pictured) in Quito.",
        "Delegates pose for a group photo (left to right) at the ceremony on 3 May 2024.",
        # teasers of other stories behind a "READ:" or "WATCH:" label
        "READ: Chile and Peru sign a new fisheries deal",
        "Watch: The two presidents meet at the border",
    ],
)
def test_clean_text_removes_page_furniture_lines(junk):
    assert clean_text(f"{LEDE}\n\n{junk}\n\n{SECOND}") == ARTICLE


@pytest.mark.parametrize(
    "teaser_block",
    [
        "Also Read: Storm floods coastal towns in the south",
        "Related: Minister resigns over budget row",
        "Related Stories\n- Floods hit the capital\n- Markets slide on rate fears",
        "Recommended Stories\n- Europe weighs new tariffs\n- Court blocks mine expansion",
        "More from Example News\nElection results delayed\nStrike closes ports",
        "You may also like:\nThe best beaches of the coast",
    ],
)
def test_clean_text_removes_teaser_blocks_inside_the_article(teaser_block):
    assert clean_text(f"{LEDE}\n{teaser_block}\n{SECOND}") == ARTICLE


@pytest.mark.parametrize(
    "tail",
    [
        "Floods hit the capital\nMarkets slide on rate fears\nCourt blocks mine expansion",
        # Excerpts of other stories: a run of cut-off paragraphs.
        "As the new year dawns, the region faces a range of uncertainties that could impact "
        "the safety of its people and reverberate in its politics. Here are a few key "
        "questions that could spill over into the year ahead and the\n\n"
        "The finance minister on Monday announced that she would put a new budget to the "
        "vote, a gamble that could",
        "- Floods hit the capital\n- Markets slide on rate fears",
    ],
)
def test_clean_text_removes_headlines_and_cut_off_excerpts_after_the_article(tail):
    assert clean_text(f"{ARTICLE}\n\n{tail}") == ARTICLE


def test_clean_text_keeps_the_articles_own_last_paragraph_cut_off_by_the_page():
    cut_off = "Later on Wednesday the two ministers signed a memorandum on fisheries and agre"
    assert clean_text(f"{ARTICLE}\n\n{cut_off}") == f"{ARTICLE}\n\n{cut_off}"


@pytest.mark.parametrize(
    "text,expected",
    [
        # A link's text set on a line of its own, after a word no sentence ends on.
        ("The vote came as the king met with\n\nPresident Ana Lopez\n\nat the palace on "
         "Monday.", "The vote came as the king met with President Ana Lopez at the palace on "
         "Monday."),
        # A name on its own line, the sentence going on in lower case.
        ("Chile's likely next president\n\nMarta Vidal\n\nwarned on Sunday that talks would "
         "fail.", "Chile's likely next president Marta Vidal warned on Sunday that talks would "
         "fail."),
    ],
)
def test_clean_text_joins_a_sentence_the_page_broke_into_lines(text, expected):
    assert clean_text(text) == expected


def test_clean_text_keeps_a_headline_apart_from_the_article_below_it():
    text = f"Norway and Kenya agree on trade\n\n{LEDE}"
    assert clean_text(text) == f"Norway and Kenya agree on trade\n\n{LEDE}"


def test_clean_text_removes_all_caps_headline_of_a_linked_story():
    text = f"{LEDE}\nWITH TALKS IN OSLO, MINISTERS SAY TRADE MUST GROW\n{SECOND}"
    assert clean_text(text) == ARTICLE


@pytest.mark.parametrize(
    "text",
    [
        # A caption or standfirst repeating the start of a paragraph.
        f"{LEDE[:90]}\n\n{ARTICLE}",
        # The same caption with a credit.
        f"{LEDE}\n\n{LEDE[:-1]} (Image source: Example Wire)\n\n{SECOND}",
        # An exact duplicate paragraph.
        f"{LEDE}\n\n{LEDE}\n\n{SECOND}",
    ],
)
def test_clean_text_keeps_one_copy_of_repeated_paragraphs(text):
    assert clean_text(text) == ARTICLE


def filler(number: int) -> str:
    """A distinct paragraph of article text (numbers are not words, so letters tell apart)."""
    letters = "".join(chr(ord("a") + int(digit)) for digit in str(number))
    return f"Paragraph {letters} of the report on the talks held in the capital this week."


def test_clean_text_drops_a_caption_repeating_a_paragraph_up_to_the_window_away():
    body = [filler(n) for n in range(REPEAT_WINDOW - 1)]
    text = "\n\n".join([LEDE[:90], *body, ARTICLE])
    assert clean_text(text) == "\n\n".join([*body, ARTICLE])


def test_clean_text_keeps_a_caption_further_than_the_window_from_what_it_repeats():
    # Only exact duplicates are looked for in the whole text: the cost stays linear.
    body = [filler(n) for n in range(REPEAT_WINDOW + 1)]
    text = "\n\n".join([LEDE[:90], *body, ARTICLE])
    assert clean_text(text) == text


def test_clean_text_drops_a_duplicate_paragraph_anywhere_in_a_long_text():
    body = [filler(n) for n in range(3 * REPEAT_WINDOW)]
    assert clean_text("\n\n".join([LEDE, *body, LEDE, SECOND])) == "\n\n".join(
        [LEDE, *body, SECOND]
    )


def test_clean_text_joins_thousands_of_hard_wrapped_lines_into_one_paragraph():
    words = [f"word{chr(ord('a') + n % 26)}" for n in range(20_000)]
    lines = [" ".join(words[i : i + 10]) for i in range(0, len(words), 10)]
    assert clean_text("\n".join(lines) + ".") == " ".join(words) + "."


@pytest.mark.parametrize(
    "text,expected",
    [
        # Paragraphs on single lines become blank-line separated.
        (f"{LEDE}\n{SECOND}", ARTICLE),
        # Hard-wrapped lines of one paragraph are joined.
        ("The minister said the talks\nwere useful and would go on.", "The minister said "
         "the talks were useful and would go on."),
        # Windows line ends, non-breaking spaces and extra blank lines.
        (f"\r\n\r\n{LEDE}\r\n\r\n\r\n{SECOND}\u00a0\r\n", ARTICLE),
        # A short paragraph repeated inside a longer one is article text.
        ("The talks ended.\n\nThe talks ended in Oslo.", "The talks ended.\n\n"
         "The talks ended in Oslo."),
        # A sentence starting like a teaser heading is not one.
        ("More from the talks came out on Friday.", "More from the talks came out on Friday."),
        # A question mark standing for a lost dash between words.
        ("The Korea?U.S. alliance held.", "The Korea–U.S. alliance held."),
        # A date field glued to the start of the text.
        ("date 2025-09-08 The parade was staged.", "The parade was staged."),
    ],
)
def test_clean_text_normalizes_layout_and_keeps_article_text(text, expected):
    assert clean_text(text) == expected


HTML_PAGE = f"""<!DOCTYPE html><html><head><title>Talks</title>
<script>var tracking = "ADVERTISEMENT";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Norway and Kenya hold talks</h1><p>{LEDE}</p>
<figure><img src="a.jpg"><figcaption>Ministers meet (Photo: Example)</figcaption></figure>
<p>{SECOND}</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def test_clean_text_extracts_the_main_text_of_an_html_page():
    text = clean_text(HTML_PAGE)
    assert LEDE in text and SECOND in text
    assert "var tracking" not in text
    assert "Copyright" not in text
    assert "Photo" not in text


def test_clean_text_falls_back_to_visible_text_when_no_main_text_is_found():
    text = clean_text("<div><span>Kenya and Norway signed a deal.</span></div>", html=True)
    assert text == "Kenya and Norway signed a deal."


@pytest.mark.parametrize(
    "text,expected",
    [
        (HTML_PAGE, True),
        ("<html><body><p>x</p></body></html>", True),
        (ARTICLE, False),
        (f'{LEDE}\n<div class="x"><p>caption</p></div>\n{SECOND}', False),
    ],
)
def test_looks_like_html_tells_pages_from_text_with_stray_tags(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre des affaires étrangères de la Norvège a rencontré son homologue kényan à "
        "Nairobi mardi pour discuter de la sécheresse et d'un nouvel accord commercial entre "
        "les deux pays, selon un communiqué publié par le ministère après les entretiens.",
        "Der norwegische Außenminister traf am Dienstag in Nairobi seinen kenianischen Kollegen, "
        "um über die Dürre und ein neues Handelsabkommen zwischen beiden Ländern zu sprechen, "
        "wie das Ministerium nach den Gesprächen in einer Erklärung mitteilte.",
        "挪威外交大臣周二在内罗毕会见了肯尼亚外长，"
        "讨论了干旱应对问题以及两国之间新的贸易协定。" * 3,
    ],
)
def test_check_language_rejects_non_english_text(text):
    with pytest.raises(CleanError, match="not English"):
        check_language(text)


@pytest.mark.parametrize("text", [ARTICLE, "Kim met Xi in Beijing."])
def test_check_language_accepts_english_and_texts_too_short_to_judge(text):
    assert check_language(text) == "en"


def test_to_article_cleans_text_and_copies_metadata():
    raw = RawArticle(
        document="a.txt",
        content=f"ADVERTISEMENT\n{ARTICLE}\nShare".encode(),
        url="https://example.com/a",
        title="Talks",
        source="Example News",
        published=date(2025, 10, 10),
    )
    article = to_article(raw)
    assert article.text == ARTICLE
    assert (article.document, article.url, article.title, article.source) == (
        "a.txt", "https://example.com/a", "Talks", "Example News",
    )
    assert (article.published, article.published_from) == (date(2025, 10, 10), "metadata")
    assert article.language == "en"


@pytest.mark.parametrize(
    "content,stage,message",
    [
        (b"", "decode", "empty"),
        (b"\x00\x01\x02", "decode", "NUL"),
        ("ADVERTISEMENT\nShare\nRead more", "clean", "no article text left"),
        ("Der Außenminister traf am Dienstag in Nairobi seinen kenianischen Kollegen, um über "
         "die Dürre und ein neues Handelsabkommen zwischen beiden Ländern zu sprechen, wie das "
         "Ministerium nach den Gesprächen mitteilte.", "clean", "not English"),
    ],
)
def test_to_article_raises_clean_error_with_its_stage(content, stage, message):
    with pytest.raises(CleanError, match=message) as info:
        to_article(RawArticle(document="bad.txt", content=content))
    assert info.value.stage == stage


@pytest.mark.parametrize(
    "published,url,expected",
    [
        (date(2025, 1, 2), "https://example.com/2018/05/13/talks", (date(2025, 1, 2), "metadata")),
        (None, "https://example.com/news/2018/05/13/talks.html", (date(2018, 5, 13), "url")),
        (None, "https://example.com/news/talks", (None, None)),
    ],
)
def test_to_article_dates_from_the_source_else_from_the_page(published, url, expected):
    raw = RawArticle(document="a.txt", content=ARTICLE, url=url, published=published)
    article = to_article(raw)
    assert (article.published, article.published_from) == expected


def test_clean_text_gives_the_same_text_for_the_same_page_every_time():
    # Re-ingesting a page must not change its text (and so its content hash).
    texts = {clean_text(HTML_PAGE) for _ in range(6)}
    assert len(texts) == 1


@pytest.mark.parametrize("content_type", [None, "html"])
def test_to_article_reads_html_when_the_source_says_so_or_the_content_shows_it(content_type):
    article = to_article(
        RawArticle(document="page.txt", content=HTML_PAGE.encode(), content_type=content_type)
    )
    assert article.text.startswith("Norway and Kenya hold talks")
    assert LEDE in article.text and "<p>" not in article.text


def test_clean_article_returns_the_article_or_the_error_of_a_refused_input():
    good = clean_article(RawArticle(document="a.txt", content=ARTICLE))
    refused = clean_article(RawArticle(document="b.txt", content=b"", url="https://x.test/b"))
    assert isinstance(good, Article) and good.text == ARTICLE
    assert refused == ArticleError(document="b.txt", stage="decode", url="https://x.test/b",
                                   message="input is empty: no text to extract events from")


def test_clean_article_turns_a_crashing_cleaning_step_into_an_error(monkeypatch):
    def crash(html):
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    monkeypatch.setattr("pipeline.clean.html_to_text", crash)
    error = clean_article(RawArticle(document="deep.html", content=HTML_PAGE))
    assert error == ArticleError(
        document="deep.html", stage="clean",
        message="cleaning failed: RecursionError: maximum recursion depth exceeded",
    )
