"""extract_main_text on our pages, hostile inputs, and a sample of the Scrapinghub benchmark pages."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime

import pytest

from bot.collect.pages import extract_main_text
from bot.errors import ParseError
from tests.collect.conftest import fixture_bytes
from tests.conftest import shared_data_path


def test_article_page() -> None:
    page = extract_main_text(fixture_bytes("articles/odesa.html"), "https://teaser-times.example.com/x")
    assert page.title == "Drone strike hits Odesa port"
    assert page.canonical_url == "https://teaser-times.example.com/world/odesa-port-strike"
    assert page.published == datetime(2024, 10, 2, tzinfo=UTC)
    assert page.lang == "en"
    assert page.text.count("\n") >= 3 and "Cookie settings" not in page.text


def test_home_page_canonical_is_ignored() -> None:
    html = fixture_bytes("articles/odesa.html").replace(
        b"https://teaser-times.example.com/world/odesa-port-strike?utm_source=canonical",
        b"https://teaser-times.example.com/",
    )
    assert extract_main_text(html, "https://teaser-times.example.com/x").canonical_url is None


@pytest.mark.parametrize(
    "html",
    [b"", b"   ", b"\x00\x01\x02\xff" * 100, b"<html><body></body></html>", "<div>" * 5000 + "x"],
    ids=["empty", "blank", "binary", "no-text", "deep-nesting"],
)
def test_pages_without_text_are_parse_errors(html: bytes | str) -> None:
    with pytest.raises(ParseError):
        extract_main_text(html, "https://example.com/a")


_TOKENS = re.compile(r"\w+")


def _recall(truth: str, got: str) -> float:
    want = _TOKENS.findall(truth.lower())
    have = set(_TOKENS.findall(got.lower()))
    return sum(token in have for token in want) / max(1, len(want))


def test_benchmark_sample_extracts_most_of_the_body() -> None:
    folder = shared_data_path("extraction_scrapinghub_aeb")
    truth = json.loads((folder / "ground-truth.json").read_text())
    sample = sorted(truth)[::20]  # 10 pages spread over the set; the full run is bench/extract.py
    recalls = []
    for key in sample:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        page = extract_main_text(html, truth[key]["url"])
        recalls.append(_recall(truth[key]["articleBody"], page.text))
    assert sum(recalls) / len(recalls) > 0.9
