"""`frontline-digest run` as an operator starts it: a real process against the local Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.support.botapi import BotApiServer
from tests.support.newsserver import NewsServer

ADMIN = 1001


async def test_run_answers_reports_to_operators_and_stops_cleanly_on_sigterm(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    async with NewsServer() as news:
        news.add("/en.xml", (FIXTURES / "e2e" / "en.xml").read_bytes())
        sources = tmp_path / "sources.toml"
        url = news.url("/en.xml")
        sources.write_text(f'[[source]]\nkey = "wire"\nname = "Wire"\nurl = "{url}"\nfull_text = false\n')
        env = {
            **os.environ,
            "FRONTLINE_BOT_TOKEN": botapi.token,
            "FRONTLINE_BOT_API_URL": botapi.url,
            "FRONTLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
            "FRONTLINE_CONFIG_DIR": str(ROOT / "config"),
            "FRONTLINE_SOURCES_FILE": str(sources),
            "FRONTLINE_ADMIN_IDS": f"[{ADMIN}]",
            "FRONTLINE_FRONT_API_URL": news.url("/api/history"),
            "FRONTLINE_LOG_LEVEL": "DEBUG",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            botapi.push_command(ADMIN, None, "/start")
            [hello] = await botapi.wait_for_messages(ADMIN, 1)
            assert "Frontline Digest" in hello.text
            botapi.push_command(ADMIN, None, "/status")
            status = (await botapi.wait_for_messages(ADMIN, 2))[1]
            assert "Outbox" in status.text and "Failing sources" in status.text
            botapi.push_command(ADMIN + 1, None, "/status")
            [refused] = await botapi.wait_for_messages(ADMIN + 1, 1)
            assert "operators" in refused.text
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), timeout=60)  # bounds a hang only
    log = err.decode()
    assert proc.returncode == 0, log[-3000:]
    assert "bot started" in log and "bot stopped" in log
    assert botapi.token not in log and botapi.token.split(":")[1] not in log
