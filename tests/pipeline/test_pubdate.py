"""Publication dates from HTML metadata, text headers and datelines, and URLs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.pubdate import find_published

PAGE = """<html><head><title>Talks</title>{meta}</head>
<body><article><h1>Envoys meet</h1><p>The envoys met on Friday in Geneva.</p></article></body>
</html>"""


@pytest.mark.parametrize(
    "meta,expected",
    [
        (
            '<meta property="article:published_time" content="2025-09-03T10:00:00+09:00">',
            date(2025, 9, 3),
        ),
        (
            '<meta property="article:published_time" content="2024-02-29T08:00:00Z">'
            '<meta property="article:modified_time" content="2024-03-05T08:00:00Z">',
            date(2024, 2, 29),
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2018-05-13T00:00:00+08:00"}</script>',
            date(2018, 5, 13),
        ),
    ],
)
def test_find_published_reads_original_date_from_html_metadata(meta, expected):
    assert find_published(html=PAGE.format(meta=meta)) == (expected, "html")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("date 2025-09-08\n\nThe ministers met in Seoul.", date(2025, 9, 8)),
        ("Envoys meet\nFirst Published: May 08 2018\nThe ministers met.", date(2018, 5, 8)),
        ("Published: 3 September 2025\n\nThe envoys met.", date(2025, 9, 3)),
        ("Posted on Sept. 3, 2025 | 10:31 am\nThe envoys met.", date(2025, 9, 3)),
        ("Talks in Geneva\nMonday, September 8, 2025\nThe envoys met.", date(2025, 9, 8)),
        ("SEOUL, Sept. 8, 2025 (Yonhap) -- The envoys met.", date(2025, 9, 8)),
        # a dateline without its year takes the year the text names most often
        (
            "SEOUL, Sept. 8 (Yonhap) -- The 2025 talks began. Both sides met in 2025.",
            date(2025, 9, 8),
        ),
    ],
)
def test_find_published_reads_date_headers_and_datelines(text, expected):
    assert find_published(text=text) == (expected, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "The envoys met on Sept. 3, 2025, in Geneva, officials said.",  # a date in the story
        "Updated talks\nThe envoys met on Friday.",
        "SEOUL (Yonhap) -- The envoys met.",
        "",
    ],
)
def test_find_published_ignores_dates_that_are_not_headers(text):
    assert find_published(text=text) is None


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "http://www.taipeitimes.com/News/editorials/archives/2018/05/13/2003692972",
            date(2018, 5, 13),
        ),
        ("https://example.org/world/2025-09-03/envoys-meet", date(2025, 9, 3)),
        ("https://example.org/news/20240229/envoys.html", date(2024, 2, 29)),
        ("https://example.org/2025/02/30/not-a-day", None),
        ("https://example.org/2025/09/envoys-meet", None),  # a month is no publication date
        ("https://example.org/world/envoys-meet", None),
    ],
)
def test_find_published_reads_dates_in_url_paths(url, expected):
    found = find_published(url=url)
    assert found == ((expected, "url") if expected else None)


def test_find_published_prefers_html_then_text_then_url():
    html = PAGE.format(meta='<meta property="article:published_time" content="2025-09-03">')
    text = "Published: 4 September 2025\nThe envoys met."
    url = "https://example.org/2025/09/05/envoys"
    assert find_published(html=html, text=text, url=url) == (date(2025, 9, 3), "html")
    assert find_published(text=text, url=url) == (date(2025, 9, 4), "dateline")
    assert find_published(html=PAGE.format(meta=""), url=url) == (date(2025, 9, 5), "url")


def test_find_published_dateline_year_comes_from_the_url():
    text = "SEOUL, Sept. 8 (Yonhap) -- The envoys met in 2019 and again this week."
    found = find_published(text=text, url="https://example.org/2025/09/08/envoys")
    assert found == (date(2025, 9, 8), "dateline")


@pytest.mark.parametrize("days_ahead", [0, 1, 400])
def test_find_published_never_returns_today_or_a_future_date(days_ahead):
    day = date.today() + timedelta(days=days_ahead)
    html = PAGE.format(meta=f'<meta property="article:published_time" content="{day}">')
    text = f"Published: {day:%d %B %Y}\nThe envoys met."
    url = f"https://example.org/{day:%Y/%m/%d}/envoys"
    assert find_published(html=html, text=text, url=url) is None


def test_find_published_without_input_is_none():
    assert find_published() is None
