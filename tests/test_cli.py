"""The command line as a user runs it: a real process, a real SQLite file, news from a local server."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, shared_data_path
from tests.support.newsserver import NewsServer

SEVEN_FEEDS = {
    "pravda": ("Українська правда", "uk", "ua_news_data-import/stub_pravda_rss.xml"),
    "liga": ("LIGA.net", "ru", "ua_news_data-import/stub_liga_rss.xml"),
    "unian": ("УНІАН", "uk", "ua_news_data-import/stub_unian_rss.xml"),
    "ukranews": ("Українські новини", "uk", "ua_news_data-import/stub_ukranews_rss.xml"),
    "reuters": ("Reuters", "en", "reuters_huffpost_rn-rss-parser/reuters.xml"),
    "huffpost": ("HuffPost", "en", "reuters_huffpost_rn-rss-parser/huffpost.xml"),
    "bbc": ("BBC News", "en", "bbc_world_rss_reader/bbc_world_2017-01-20.xml"),
}
MOJIBAKE = ("Ð", "Ñ", "Ã", "â€", "\ufffd", "Р°", "Рё")


async def _cli(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "FRONTLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
           "FRONTLINE_BOT_TOKEN": "", "FRONTLINE_CONFIG_DIR": str(ROOT / "config")}  # fmt: skip
    env.pop("FRONTLINE_BOT_TOKEN")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    return proc.returncode or 0, out.decode(), err.decode()


def _sources_file(tmp_path: Path, entries: dict[str, tuple[str, str, str]]) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "".join(
            f'[[source]]\nkey = "{key}"\nname = "{name}"\nlang = "{lang}"\nurl = "{url}"\nfull_text = false\n\n'
            for key, (name, lang, url) in entries.items()
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def news() -> AsyncIterator[NewsServer]:
    async with NewsServer() as server:
        yield server


async def test_digest_print_of_the_seven_real_feeds(tmp_path: Path, news: NewsServer) -> None:
    feeds = shared_data_path("feeds_realworld_news")
    for _, _, rel in SEVEN_FEEDS.values():
        news.add(f"/{rel}", (feeds / rel).read_bytes(), content_type="application/rss+xml")
    sources = _sources_file(tmp_path, {k: (n, lang, news.url(f"/{rel}")) for k, (n, lang, rel) in SEVEN_FEEDS.items()})
    code, out, err = await _cli(tmp_path, "digest", "--print", "--sources", str(sources), "--lang", "uk")
    assert code == 0, err
    assert "7 sources ok, 0 failed" in err
    assert out.startswith("<b>Frontline Digest · ")
    assert "Україн" in out and "<a href=" in out
    assert not any(bad in out for bad in MOJIBAKE), out[:2000]
    # Every part fits Telegram's limit.
    assert all(len(part) <= 4096 for part in out.split("\n\n<b>Frontline"))


async def test_digest_print_without_network_names_each_failed_source(tmp_path: Path, news: NewsServer) -> None:
    news.add("/en.xml", (FIXTURES / "e2e" / "en.xml").read_bytes())
    sources = _sources_file(
        tmp_path,
        {
            "ok": ("Frontline Wire", "en", news.url("/en.xml")),
            "down": ("Down Outlet", "en", "http://127.0.0.1:9/feed.xml"),
            "nowhere": ("Nowhere News", "en", "https://nonexistent.invalid/rss"),
        },
    )
    code, out, err = await _cli(tmp_path, "digest", "--print", "--sources", str(sources))
    assert code == 0, err
    assert "[FAILED] down (Down Outlet)" in err and "[FAILED] nowhere (Nowhere News)" in err
    assert "1 sources ok, 2 failed (down, nowhere)" in err or "1 sources ok, 2 failed (nowhere, down)" in err
    assert "Kursk" in out
    assert "Traceback" not in err


async def test_digest_print_is_war_news_unless_all_news(tmp_path: Path, news: NewsServer) -> None:
    news.add("/en.xml", (FIXTURES / "e2e" / "en.xml").read_bytes())
    news.add("/sport.xml", (FIXTURES / "relevance" / "sport.xml").read_bytes())
    feeds = {"wire": ("Frontline Wire", "en", news.url("/en.xml")), "sport": ("Sports", "en", news.url("/sport.xml"))}
    sources = _sources_file(tmp_path, feeds)
    code, out, err = await _cli(tmp_path, "digest", "--print", "--sources", str(sources))
    assert code == 0, err
    assert "Kursk" in out and "Slovakia" not in out
    code, out, err = await _cli(tmp_path, "digest", "--print", "--sources", str(sources), "--no-collect", "--all-news")
    assert code == 0, err
    assert "Kursk" in out and "Slovakia" in out


async def test_run_without_a_token_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = await _cli(tmp_path, "run")
    assert code == 2
    assert err.strip().count("\n") == 0 and "FRONTLINE_BOT_TOKEN" in err


async def test_db_upgrade_and_bad_arguments(tmp_path: Path) -> None:
    code, _, err = await _cli(tmp_path, "db", "upgrade")
    assert code == 0 and (tmp_path / "cli.db").exists(), err
    code, _, err = await _cli(tmp_path, "digest", "--print", "--since", "forever", "--no-collect")
    assert code == 2 and "bad period" in err
    code, _, err = await _cli(tmp_path, "digest", "--print", "--sources", str(tmp_path / "missing.toml"))
    assert code == 2 and "not found" in err
