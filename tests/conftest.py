"""Fixtures shared by every test."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import netguard

pytest_plugins = ["tests.support.botapi", "tests.support.databases", "tests.support.llm", "pytester"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("FRONTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_data_path(name: str) -> Path:
    """A folder of ../shared/data, or skip the test cleanly when it is absent."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared data {name!r} not present at {SHARED_DATA}")
    return path


@pytest.fixture(autouse=True)
def _isolated_geodata(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test downloads oblast boundaries or reads the ones this machine built: the default geodata folder is an
    empty temporary one and the boundaries URL is unset (tests that build them pass their own)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.setenv("FRONTLINE_BOUNDARIES_URL", "")
    monkeypatch.delenv("FRONTLINE_GEODATA", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _loopback_only() -> Iterator[None]:
    """Every test, and everything it starts in this process, reaches 127.0.0.1 / ::1 only (see netguard)."""
    uninstall = netguard.install()
    try:
        yield
    finally:
        uninstall()


@pytest.fixture(autouse=True)
def _no_traffic_off_this_machine(_loopback_only: None) -> Iterator[None]:
    """Fail the test that tried to leave the machine, even when the code under test swallowed the error."""
    netguard.violations.clear()
    netguard.checked.clear()
    yield
    if netguard.violations:
        found, netguard.violations[:] = list(netguard.violations), []
        pytest.fail("network outside loopback: " + "; ".join(found), pytrace=False)


@pytest.fixture(autouse=True)
def isolated_logging() -> Iterator[None]:
    """Every test: setup_logging (which main and the bot's start call) replaces the root handlers, sets logger
    levels, the process's exception hooks and the warnings display; all of it is put back afterwards, so no test
    leaves a later one's log capture deaf (a root level of ERROR hid the warnings later tests look for)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logger.level for name, logger in logging.root.manager.loggerDict.items()
              if isinstance(logger, logging.Logger)}  # fmt: skip
    hooks = sys.excepthook, threading.excepthook, sys.unraisablehook
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, logger in logging.root.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))
        sys.excepthook, threading.excepthook, sys.unraisablehook = hooks
        logging.captureWarnings(False)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """umask 000, so that a file's mode is only what the code asked for (a strict umask would hide a bug)."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)
