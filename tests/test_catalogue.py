"""`frontline-digest sources import|export`: the catalogue in and out as OPML; a bad file changes nothing."""

from __future__ import annotations

from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import EnvSettings, Settings, load_sources
from bot.urls import connect_origin, parse_target
from tests.conftest import FIXTURES, ROOT

CATALOGUE = """# the operator's comment stays
[[source]]
key = "pravda-uk"
name = "Українська правда"
url = "https://www.pravda.com.ua/rss/view_news/"
lang = "uk"
"""


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *argv: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRONTLINE_CONFIG_DIR", str(ROOT / "config"))
    monkeypatch.setenv("FRONTLINE_SOURCES_FILE", str(tmp_path / "sources.toml"))
    err = StringIO()
    with redirect_stdout(StringIO()), redirect_stderr(err):
        code = main(list(argv))
    return code, err.getvalue()


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


@pytest.mark.usefixtures("isolated_logging")
def test_import_appends_new_feeds_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Path
) -> None:
    code, err = _run(tmp_path, monkeypatch, "sources", "import", str(FIXTURES / "opml" / "feedly.opml"))
    assert code == 0, err
    assert "2 added (kyivindependent-com, feeds-bbci-co-uk), 1 already there, 0 refused, 1 repeated" in err
    text = catalogue.read_text(encoding="utf-8")
    assert text.startswith(CATALOGUE) and "# Imported from feedly.opml on " in text
    specs = load_sources(catalogue)
    assert [s.key for s in specs] == ["pravda-uk", "kyivindependent-com", "feeds-bbci-co-uk"]
    assert specs[2].url == "https://feeds.bbci.co.uk/news/world/rss.xml?edition=uk&x=1"
    # Again: nothing new, the file untouched.
    code, err = _run(tmp_path, monkeypatch, "sources", "import", str(FIXTURES / "opml" / "feedly.opml"))
    assert code == 0 and "0 added, 3 already there" in err and catalogue.read_text(encoding="utf-8") == text


@pytest.mark.usefixtures("isolated_logging")
def test_export_then_import_into_an_empty_catalogue_gives_the_same_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "catalogue.opml"
    shipped_file = str(ROOT / "config" / "sources.toml")
    code, err = _run(tmp_path, monkeypatch, "sources", "export", str(out), "--sources", shipped_file)
    shipped = load_sources(ROOT / "config" / "sources.toml")
    assert code == 0 and err == f"wrote {out}: {len(shipped)} sources\n"
    empty = tmp_path / "sources.toml"
    empty.write_text("", encoding="utf-8")
    code, err = _run(tmp_path, monkeypatch, "sources", "import", str(out))
    assert code == 0, err
    imported = load_sources(empty)
    assert sorted((s.url, s.name, s.lang, s.kind) for s in imported) == sorted(
        (s.url, s.name, s.lang, s.kind) for s in shipped
    )


@pytest.mark.usefixtures("isolated_logging")
@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not xml at all", "not XML"),
        (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "x">]><opml><body/></opml>', "DTD or entities"),
        (b"<rss/>", "not OPML"),
    ],
)
def test_a_bad_file_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Path, data: bytes, says: str
) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_bytes(data)
    code, err = _run(tmp_path, monkeypatch, "sources", "import", str(bad))
    assert code == 2 and says in err and err.count("\n") == 1
    assert catalogue.read_text(encoding="utf-8") == CATALOGUE


@pytest.mark.usefixtures("isolated_logging")
def test_private_and_odd_addresses_are_refused_the_rest_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Path
) -> None:
    opml = tmp_path / "mixed.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline type="rss" text="LAN" xmlUrl="http://192.168.1.10/rss"/>'
        '<outline type="rss" text="Metadata" xmlUrl="http://169.254.169.254/latest"/>'
        '<outline type="rss" text="File" xmlUrl="file:///etc/passwd"/>'
        '<outline type="rss" text="Good" xmlUrl="https://good.example/feed"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, err = _run(tmp_path, monkeypatch, "sources", "import", str(opml))
    assert code == 0 and "1 added (good-example), 0 already there, 3 refused" in err
    assert [s.key for s in load_sources(catalogue)] == ["pravda-uk", "good-example"]


def test_imported_feeds_are_guarded_so_no_name_in_a_file_becomes_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: Path
) -> None:
    # Names that may resolve to the operator's network: imported, but never trusted as the operator's own are.
    opml = tmp_path / "names.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline type="rss" text="Redis" xmlUrl="http://localhost:6379/feed"/>'
        '<outline type="rss" text="Metadata" xmlUrl="http://metadata.google.internal/feed"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, _ = _run(tmp_path, monkeypatch, "sources", "import", str(opml))
    assert code == 0
    imported = load_sources(catalogue)
    assert [s.guarded for s in imported] == [False, True, True]  # the operator's own entry stays trusted
    settings = Settings(env=EnvSettings(boundaries_url=""), sources=imported)
    assert {"localhost:6379", "metadata.google.internal:80"}.isdisjoint(settings.trusted_origins)
    assert connect_origin(parse_target(imported[0].url)) in settings.trusted_origins
