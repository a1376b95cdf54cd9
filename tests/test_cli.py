"""The command line as a user runs it: every command and option the README shows, on a fresh SQLite file, with
news and maps from local servers; and every way a one-shot command can fail, in one line that says why."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.conftest import FIXTURES, ROOT, shared_data_path
from tests.support.botapi import BotApiServer
from tests.support.cli import (
    LLM_KEY,
    SECRET_TOKEN,
    closed_port,
    read_until,
    run_env,
    secrets_in,
    start_cli,
    stop,
    webhook_env,
)
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


# ---- every command and option the README shows -------------------------------------------------------------------

README = ROOT / "README.md"
MAPS = [FIXTURES / "front" / f"deepstate_last_{day}.json" for day in ("20250630", "20250701", "20250709")]
FRONT_API = "/api/history"
NO_URL = "FRONTLINE_BOUNDARIES_URL is empty"
# What the README's placeholders stand for when the test runs them; {names} are filled in per test.
PLACEHOLDERS = {"FILE": "{sources}", "FILE...": "{maps}", "map.png": "{png}", "YYYY-MM": "2025-07", "OPML": "{opml}"}


def readme_synopses() -> list[str]:
    """Every `frontline-digest ...` the README shows, in inline code or in a code block, without what precedes
    the program's name (a venv path, a pip install) or follows it (a comment); `docker` lines name the image."""
    found, in_block = [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        for span in [line] if in_block else re.findall(r"`([^`]+)`", line):
            match = re.search(r"(?:^|[\s/])frontline-digest ([^#&]+)", span)
            if match and not span.lstrip().startswith("docker"):
                found.append(match.group(1).replace("\\|", "|").strip())
    return found


def expand(synopsis: str, commands: list[str]) -> list[tuple[str, ...]]:
    """The command lines a synopsis stands for: the required words; then each optional part alone, each of its
    alternatives in turn (`[--lang uk|ru|en]` is three lines); then all optional parts together."""
    tokens = re.findall(r"\[[^\]]*\]|\S+", synopsis)
    base = tuple(PLACEHOLDERS.get(t, t) for t in tokens if not t.startswith("["))
    if base[0] == "COMMAND":
        return [(command, *base[1:]) for command in commands]
    parts = []  # per optional part, its alternatives, each a tuple of words
    for flag, _, value in (t[1:-1].partition(" ") for t in tokens if t.startswith("[")):
        if flag.startswith("--"):
            parts.append([(flag, PLACEHOLDERS.get(v, v)) if v else (flag,) for v in value.split("|")])
        else:
            parts.append([(PLACEHOLDERS.get(v, v),) for v in flag.split("|")])
    lines = [base, *((*base, *alternative) for part in parts for alternative in part)]
    if len(parts) > 1:
        lines.append(base + tuple(word for part in parts for word in part[0]))
    return lines


def readme_command_lines() -> list[tuple[str, ...]]:
    synopses = readme_synopses()
    commands = sorted({s.split()[0] for s in synopses} - {"COMMAND"})
    return list(dict.fromkeys(line for s in synopses for line in expand(s, commands)))


README_LINES = readme_command_lines()


def test_the_readme_shows_every_command() -> None:
    shown = {line[0] for line in README_LINES}
    assert shown == {"run", "collect", "digest", "front", "front-import", "geodata", "sources", "db"}
    assert ("digest", "--print", "--sources", "{sources}") in README_LINES


def _help(*argv: str) -> str:
    out = StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return out.getvalue()


def test_the_readme_and_help_name_the_same_commands_and_options() -> None:
    readme: dict[str, set[str]] = {}
    for synopsis in readme_synopses():
        if not synopsis.startswith("COMMAND"):
            readme.setdefault(synopsis.split()[0], set()).update(re.findall(r"--[a-z][a-z-]*", synopsis))
    match = re.search(r"\{([a-z,-]+)\}", _help())
    assert match is not None
    helped = {command: set(re.findall(r"--[a-z][a-z-]*", _help(command))) - {"--help"}
              for command in match.group(1).split(",")}  # fmt: skip
    assert readme == helped


@dataclass
class Loopback:
    """The servers a README command may reach, and the files it is given."""

    news: NewsServer
    env_sources: Path  # FRONTLINE_SOURCES_FILE: one feed, key "env-wire"
    flag_sources: Path  # --sources FILE: two feeds, keys "flag-en" and "flag-uk"
    png: Path
    opml: Path  # a reader's export: `sources import` reads it, `sources export` writes it


def _sources(path: Path, news: NewsServer, keys: dict[str, str]) -> Path:
    path.write_text("".join(
        f'[[source]]\nkey = "{key}"\nname = "{key}"\nlang = "{lang}"\nurl = "{news.url(f"/{lang}.xml")}"\n'
        "full_text = false\n\n" for key, lang in keys.items()
    ), encoding="utf-8")  # fmt: skip
    return path


@pytest.fixture
async def loopback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Loopback]:
    """Everything a command reaches is on 127.0.0.1; the token and the LLM key are set (and must never show)."""
    async with NewsServer() as news:
        for lang in ("en", "uk"):
            news.add(f"/{lang}.xml", (FIXTURES / "e2e" / f"{lang}.xml").read_bytes())
        docs = [json.loads(path.read_bytes()) for path in MAPS]
        news.add(f"{FRONT_API}/last", json.dumps(docs[-1]), content_type="application/json")
        news.add(f"{FRONT_API}/public", json.dumps([{"id": d["id"]} for d in docs]), content_type="application/json")
        here = Loopback(
            news,
            _sources(tmp_path / "env-sources.toml", news, {"env-wire": "en"}),
            _sources(tmp_path / "flag-sources.toml", news, {"flag-en": "en", "flag-uk": "uk"}),
            tmp_path / "map.png",
            tmp_path / "reader.opml",
        )
        here.opml.write_bytes((FIXTURES / "opml" / "feedly.opml").read_bytes())
        monkeypatch.chdir(tmp_path)  # no .env of the developer's
        for name, value in {
            "FRONTLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}",
            "FRONTLINE_CONFIG_DIR": str(ROOT / "config"),
            "FRONTLINE_SOURCES_FILE": str(here.env_sources),
            "FRONTLINE_FRONT_API_URL": news.url(FRONT_API),
            "FRONTLINE_BOT_TOKEN": SECRET_TOKEN,
            "FRONTLINE_LLM_API_KEY": LLM_KEY,
        }.items():
            monkeypatch.setenv(name, value)
        yield here


def _argv(line: tuple[str, ...], here: Loopback) -> list[str]:
    words = {"{sources}": [str(here.flag_sources)], "{maps}": [str(p) for p in MAPS], "{png}": [str(here.png)],
             "{opml}": [str(here.opml)]}  # fmt: skip
    return [w for word in line for w in words.get(word, [word])]


async def _main(argv: list[str]) -> tuple[int, str, str]:
    """main() as the console script runs it (in a thread: it runs its own event loop), with what it printed."""
    out, err = StringIO(), StringIO()

    def call() -> int:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                return main(argv)
            except SystemExit as exited:  # --help
                return int(exited.code or 0)

    code = await asyncio.to_thread(call)
    return code, out.getvalue(), err.getvalue()


def _check(line: tuple[str, ...], code: int, out: str, err: str, here: Loopback) -> None:
    """What each README command must have done: exit 0 (geodata offline: 2, saying why) and its own output."""
    command, options = line[0], set(line[1:])
    collected = ["flag-en", "flag-uk"] if "--sources" in options else ["env-wire"]
    if "--help" in options:
        assert code == 0 and out.startswith(f"usage: frontline-digest {command}")
    elif command == "collect":
        assert code == 0 and all(f"[ok] {key} " in err for key in collected) and ", 0 failed" in err
    elif command == "digest":
        assert code == 0 and out.startswith("<b>Frontline Digest · ")
        assert ("--no-collect" in options) != all(f"[ok] {key} " in err for key in collected)
    elif command == "front":
        assert code == 0 and any(line.endswith(": DeepStateMAP") for line in out.splitlines())  # in --lang
        assert ("--png" not in options) or here.png.read_bytes().startswith(b"\x89PNG")
    elif command == "front-import":
        assert code == 0 and err.endswith("imported 3 maps, 0 already stored, 0 failed\n")
    elif command == "sources":
        catalogue = here.flag_sources if "--sources" in options else here.env_sources
        if "export" in options:
            assert code == 0 and err.startswith(f"wrote {here.opml}: ") and b'type="rss"' in here.opml.read_bytes()
        else:
            assert code == 0 and "3 added" in err and b"kyivindependent-com" in catalogue.read_bytes()
    elif command == "geodata":  # tests download nothing: FRONTLINE_BOUNDARIES_URL is empty
        assert code == 2 and err == f"frontline-digest: no boundaries URL configured ({NO_URL})\n"
    else:
        assert line == ("db", "upgrade") and code == 0 and "database at head: sqlite+aiosqlite:///" in err


@pytest.mark.usefixtures("isolated_logging")
def _starts_the_bot(line: tuple[str, ...]) -> bool:
    return line[0] == "run" and "--help" not in line


@pytest.mark.parametrize("line", [line for line in README_LINES if not _starts_the_bot(line)], ids=" ".join)
async def test_every_readme_command_runs(line: tuple[str, ...], loopback: Loopback) -> None:
    if line[0] == "front" and "--help" not in line:  # the maps the report compares (`front` finds them stored)
        assert (await _main(["front-import", *map(str, MAPS)]))[0] == 0
    code, out, err = await _main(_argv(line, loopback))
    assert "Traceback" not in err and not secrets_in(out + err), err
    _check(line, code, out, err, loopback)


@pytest.mark.parametrize("line", list(filter(_starts_the_bot, README_LINES)), ids=" ".join)
async def test_every_readme_run_line_starts_the_bot(
    line: tuple[str, ...], loopback: Loopback, botapi: BotApiServer, tmp_path: Path
) -> None:
    env = {**run_env(tmp_path, botapi.url, botapi.token, log_json=False),
           "FRONTLINE_SOURCES_FILE": str(loopback.env_sources)}  # fmt: skip
    if "--webhook" in line:
        env |= webhook_env(closed_port())
    seen: list[str] = []
    proc = await start_cli(tmp_path, *_argv(line, loopback), env=env)
    try:
        started = await read_until(proc, "bot started", seen)
        await read_until(proc, "Application started", seen)  # polling or the webhook: the start is over
    finally:
        output = await stop(proc, seen)
    assert proc.returncode == 0 and "bot stopped" in output, output[-3000:]
    assert (botapi.webhook is not None) == ("--webhook" in line) == (botapi.calls["setWebhook"] == 1)
    assert f"sources={2 if '--sources' in line else 1}" in started
    assert not secrets_in(output, botapi.token)


# ---- every way a one-shot command fails: one line that says why, and a non-zero exit -----------------------------


def _newer_database(path: Path) -> Path:
    """A database a newer release migrated: its Alembic revision is unknown to this one."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('ffff0000')")
    return path


FAILURES = {  # argv, environment, exit code, what its line says
    "bad period": (["digest", "--print", "--since", "forever", "--no-collect"], {}, 2, "bad period forever: use e.g."),
    "no sources file": (["collect", "--sources", "{tmp}/missing.toml"], {}, 2, "config file not found: "),
    "broken sources file": (["digest", "--print", "--sources", "{tmp}/not.toml"], {}, 2, "not.toml: not valid TOML"),
    "bad setting": (["db", "upgrade"], {"FRONTLINE_ADMIN_IDS": "1,2"}, 2, "FRONTLINE_ADMIN_IDS is not JSON"),
    "no such driver": (
        ["db", "upgrade"], {"FRONTLINE_DATABASE_URL": "mysql://u:pw@127.0.0.1/d"}, 2, "names no usable database"
    ),
    "sync driver": (
        ["collect"], {"FRONTLINE_DATABASE_URL": "sqlite:///{tmp}/x.db"}, 2, "requires an async driver"
    ),
    "database path": (
        ["collect"], {"FRONTLINE_DATABASE_URL": "sqlite+aiosqlite:///{tmp}/not.toml/x.db"}, 2,
        "cannot create the SQLite database",
    ),
    "database down": (
        ["db", "upgrade"], {"FRONTLINE_DATABASE_URL": "postgresql+asyncpg://u:pw@127.0.0.1:{closed}/d"}, 1,
        "cannot reach the database postgresql+asyncpg://u:***@127.0.0.1:",
    ),
    "newer database": (
        ["digest", "--print", "--no-collect"], {"FRONTLINE_DATABASE_URL": "sqlite+aiosqlite:///{newer}"}, 1,
        "database error: Can't locate revision identified by 'ffff0000'",
    ),
    "bad front period": (["front", "yesterday"], {}, 2, "Unknown period"),
    "picture nowhere": (["front", "--no-fetch", "--png", "{tmp}/no/folder/map.png"], {}, 1, "cannot write"),
    "map file missing": (["front-import", "{tmp}/missing.json"], {}, 1, "cannot read it"),
    "no boundaries URL": (["geodata", "--force"], {}, 2, NO_URL),
    "webhook unset": (["run", "--webhook"], {}, 2, "run --webhook needs FRONTLINE_WEBHOOK_URL and "
                      "FRONTLINE_WEBHOOK_SECRET"),
}  # fmt: skip


@pytest.mark.usefixtures("isolated_logging")
@pytest.mark.parametrize("case", list(FAILURES))
async def test_a_failing_command_says_why_in_one_line(
    case: str, loopback: Loopback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv, env, expected, reason = FAILURES[case]
    (tmp_path / "not.toml").write_text("[[source]\n")
    values = {"tmp": str(tmp_path), "closed": str(closed_port()), "newer": ""}
    if "{newer}" in str(env):
        values["newer"] = str(_newer_database(tmp_path / "newer.db"))
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(**values))
    if case == "picture nowhere":  # maps to draw: the failure is the file
        assert (await _main(["front-import", *map(str, MAPS)]))[0] == 0
    code, out, err = await _main([word.format(**values) for word in argv])
    lines = err.strip().splitlines()
    assert code == expected, err
    assert [line for line in lines if reason in line], err
    assert "Traceback" not in err and ":pw@" not in err and not secrets_in(out + err)
    if code == 2:  # told what to fix, before anything was done
        assert len(lines) == 1 and lines[0].startswith("frontline-digest"), err


HEAVY = ("scipy", "matplotlib", "trafilatura", "shapely", "aiohttp", "sqlalchemy", "telegram", "pydantic", "numpy")


@pytest.mark.parametrize("argv", [["--help"], ["front", "--help"], ["nonsense"]])
def test_help_and_bad_arguments_load_none_of_the_heavy_parts(argv: list[str]) -> None:
    # In a fresh interpreter: this one has imported everything already.
    probe = (
        "import sys\n"
        "from bot.__main__ import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
