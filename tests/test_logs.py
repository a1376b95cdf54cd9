import logging

import pytest

from bot.logs import kv, setup_logging


def test_lines_carry_fields_and_never_the_token(capfd: pytest.CaptureFixture[str]) -> None:
    token = "123456:ABCDEF-secret"
    setup_logging("INFO", secrets=[token])
    log = logging.getLogger("frontline.test")
    log.info("fetching %s", f"https://api.telegram.org/bot{token}/getMe", extra=kv(source="pravda-uk", new=3))
    try:
        raise RuntimeError(f"boom with {token}")
    except RuntimeError:
        log.exception("failed")
    err = capfd.readouterr().err
    assert "source=pravda-uk" in err and "new=3" in err
    assert token not in err and "***" in err


def test_json_lines(capfd: pytest.CaptureFixture[str]) -> None:
    import json

    setup_logging("INFO", secrets=["s3cret"], as_json=True)
    logging.getLogger("x").warning("hello s3cret", extra=kv(chat_id=5))
    line = capfd.readouterr().err.strip().splitlines()[-1]
    payload = json.loads(line)
    assert payload["msg"] == "hello ***" and payload["chat_id"] == 5 and payload["level"] == "WARNING"
