"""Logs and everything else Python writes to the terminal: structured lines, and never a secret."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import sys
import threading
import warnings
from collections.abc import Callable
from urllib.parse import quote

import pytest

from bot.logs import setup_logging

TOKEN = "7345198263:AAHx3k9QvL2mZr8TbWc1YpNd5sEfGu7JiKo"
KEY = 'sk-"quoted"\\key-ключ'  # JSON escapes quotes, backslashes (and, with ensure_ascii, Cyrillic)
URL = f"https://api.telegram.org/bot{TOKEN}/getMe"

pytestmark = pytest.mark.usefixtures("isolated_logging")


def leaked(text: str) -> list[str]:
    parts = [TOKEN, TOKEN.split(":")[1], quote(TOKEN, safe=""), KEY, json.dumps(KEY)[1:-1], "AAHx3k9QvL2mZr8T"]
    return [p for p in parts if p in text]


def _raise() -> None:
    raise RuntimeError(f"boom at {URL} with key {KEY}")


def _exc_info() -> tuple[type[BaseException], BaseException, object]:
    try:
        _raise()
    except RuntimeError:
        exc_type, exc, tb = sys.exc_info()
        assert exc_type is not None and exc is not None
        return exc_type, exc, tb
    raise AssertionError("unreachable")


def via_message() -> None:
    logging.getLogger("httpx").warning('HTTP Request: POST %s "HTTP/1.1 401 Unauthorized"', URL)


def via_url_encoded() -> None:
    logging.getLogger("some.lib").error("redirected to %s", f"https://proxy.example/?u={quote(URL, safe='')}")


def via_the_key_alone() -> None:
    logging.getLogger("bot.x").warning("the part after the colon: %s", TOKEN.split(":")[1])


def via_fields() -> None:
    logging.getLogger("bot.x").warning("sent", extra={"url": URL, "auth": f"Bearer {KEY}", "n": 3})


def via_exc_info() -> None:
    try:
        _raise()
    except RuntimeError:
        logging.getLogger("bot.x").exception("failed")


def via_stack_info() -> None:
    record = logging.LogRecord("bot.x", logging.ERROR, __file__, 1, "stack", None, None)
    record.stack_info = f'Stack (most recent call last):\n  File "x.py", line 1, in f\n    get("{URL}", "{KEY}")'
    logging.getLogger("bot.x").handle(record)


def via_uncaught() -> None:
    sys.excepthook(*_exc_info())  # type: ignore[arg-type]


def via_thread() -> None:
    thread = threading.Thread(target=_raise, name="worker")
    thread.start()
    thread.join()


class _Broken:
    def __del__(self) -> None:
        _raise()


def via_unraisable() -> None:
    _Broken()
    gc.collect()


def via_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"deprecated call to {URL}", UserWarning, stacklevel=1)


def via_asyncio() -> None:
    async def fail() -> None:
        _raise()

    async def start_and_forget() -> None:
        asyncio.get_running_loop().create_task(fail())  # never awaited, on purpose
        await asyncio.sleep(0)

    asyncio.run(start_and_forget())
    gc.collect()  # "Task exception was never retrieved", from asyncio's own exception handler


def via_a_broken_log_call() -> None:
    logging.getLogger("bot.x").info("%d requests", URL, KEY)  # the default handler prints the raw arguments


PATHS: dict[str, Callable[[], None]] = {f.__name__.removeprefix("via_"): f for f in (
    via_message, via_url_encoded, via_the_key_alone, via_fields, via_exc_info, via_stack_info, via_uncaught,
    via_thread, via_unraisable, via_warning, via_asyncio, via_a_broken_log_call,
)}  # fmt: skip


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("path", list(PATHS))
def test_no_path_to_the_terminal_shows_a_secret(path: str, as_json: bool, capfd: pytest.CaptureFixture[str]) -> None:
    setup_logging("DEBUG", secrets=[TOKEN, KEY], as_json=as_json)
    PATHS[path]()
    out, err = capfd.readouterr()
    assert err.strip(), "nothing was written"
    assert not leaked(out + err), err
    assert "***" in err or (path == "a_broken_log_call" and "log call failed: TypeError" in err)
    if as_json:
        assert all(json.loads(line) for line in err.splitlines() if line.strip())


def test_lines_carry_fields(capfd: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", secrets=[TOKEN])
    logging.getLogger("frontline.test").info("collected", extra={"source": "pravda-uk", "new": 3, "note": "two words"})
    line = capfd.readouterr().err.strip()
    assert line.endswith(' INFO frontline.test collected source=pravda-uk new=3 note="two words"')


def test_json_lines(capfd: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", secrets=["s3cret"], as_json=True)
    logging.getLogger("x").warning("hello s3cret", extra={"chat_id": 5})
    line = capfd.readouterr().err.strip().splitlines()[-1]
    payload = json.loads(line)
    assert payload["msg"] == "hello ***" and payload["chat_id"] == 5 and payload["level"] == "WARNING"


def test_http_client_request_lines_stay_quiet_even_at_debug(capfd: pytest.CaptureFixture[str]) -> None:
    setup_logging("DEBUG", secrets=[TOKEN])
    logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 200 OK"', URL)
    assert capfd.readouterr().err == ""
