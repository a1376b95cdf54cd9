"""`frontline-digest run` as an operator starts it: a real process against the local Bot API server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.conftest import FIXTURES, ROOT
from tests.support.botapi import BotApiServer
from tests.support.cli import (
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


@pytest.mark.parametrize("log_json", [False, True], ids=["plain", "json"])
async def test_run_webhook_answers_updates_with_the_secret_only_and_serves_health(
    botapi: BotApiServer, tmp_path: Path, log_json: bool
) -> None:
    health = closed_port()
    env = {**run_env(tmp_path, botapi.url, botapi.token, log_json=log_json, level="DEBUG"),
           **webhook_env(closed_port()), "FRONTLINE_HEALTH_PORT": str(health)}  # fmt: skip
    seen: list[str] = []
    proc = await start_cli(tmp_path, "run", "--webhook", env=env)
    try:
        await read_until(proc, "Application started", seen)
        assert botapi.webhook is not None and botapi.webhook.url == env["FRONTLINE_WEBHOOK_URL"]
        assert await botapi.post_to_webhook(botapi.command_update(ADMIN, None, "/help"), secret="guess") == 403
        botapi.push_command(ADMIN, None, "/start")
        [hello] = await botapi.wait_for_messages(ADMIN, 1)  # the refused /help, had it been taken, came first
        assert "Frontline Digest" in hello.text
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{health}/healthz") as answer:
                assert answer.status == 200
            async with client.get(f"http://127.0.0.1:{health}/metrics") as answer:
                assert answer.status == 200 and "frontline_messages_sent_total" in await answer.text()
    finally:
        output = await stop(proc, seen)
    assert proc.returncode == 0 and "bot stopped" in output, output[-3000:]
    assert botapi.calls["getUpdates"] == 0
    assert not secrets_in(output, botapi.token), output[-3000:]  # the webhook's secret included


@pytest.mark.parametrize("server", ["health", "webhook"])
async def test_a_port_already_taken_is_one_line(botapi: BotApiServer, tmp_path: Path, server: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**run_env(tmp_path, botapi.url, botapi.token, log_json=False), **webhook_env(closed_port()),
               f"FRONTLINE_{server.upper()}_PORT": str(port)}  # fmt: skip
        proc = await start_cli(tmp_path, "run", "--webhook", env=env)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)  # bounds a hang only
    last = err.decode().strip().splitlines()[-1]
    assert proc.returncode == 1, err.decode()
    assert last == f"frontline-digest: the {server} server cannot listen on 127.0.0.1:{port}: Address already in use"
    assert "Traceback" not in err.decode()


# ---- secrets and failures: whatever the Bot API answers, no output shows the token or the LLM key ---------------

@asynccontextmanager
async def bot_api_answering(status: int | None, body: str, content_type: str) -> AsyncIterator[str]:
    """A Bot API stand-in answering every call alike (`{path}` in the body becomes the request's path, token and
    all, as a proxy's error page might show it), or, with `status` None, a closed port. Yields its base URL."""

    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=status or 200, text=body.replace("{path}", request.path), content_type=content_type)

    if status is None:
        yield f"http://127.0.0.1:{closed_port()}/bot"
        return
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    finally:
        await runner.cleanup()


REJECTED = {  # the Bot API's answers to a token it does not take
    "401 json": (401, '{"ok": false, "error_code": 401, "description": "Unauthorized"}', "application/json"),
    "404 json": (404, '{"ok": false, "error_code": 404, "description": "Not Found"}', "application/json"),
    "404 page": (404, "<html>no such page: {path}</html>", "text/html"),
}
UNREACHABLE = {  # a Bot API that is down, overloaded or not the Bot API: worth asking again
    "500 json": (500, '{"ok": false, "error_code": 500, "description": "Internal Server Error"}', "application/json"),
    "502 page": (502, "<html>bad gateway for {path}</html>", "text/html"),
    "200 not json": (200, "<html>welcome to {path}</html>", "text/html"),
    "closed port": (None, "", ""),
}


@pytest.mark.parametrize("log_json", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("answer", list(REJECTED))
async def test_a_rejected_token_is_one_clear_line_and_never_shown(answer: str, log_json: bool, tmp_path: Path) -> None:
    async with bot_api_answering(*REJECTED[answer]) as url:
        proc = await start_cli(tmp_path, "run", env=run_env(tmp_path, url, SECRET_TOKEN, log_json=log_json))
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2 and out == b"", err.decode()
    assert len(lines) == 1 and lines[0].startswith("frontline-digest: the Bot API rejected the token ("), lines
    assert "check FRONTLINE_BOT_TOKEN and FRONTLINE_BOT_API_URL" in lines[0]
    assert not secrets_in(err.decode())


@pytest.mark.parametrize("log_json", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("answer", list(UNREACHABLE))
async def test_an_unreachable_bot_api_is_retried_with_warnings_never_showing_secrets(
    answer: str, log_json: bool, tmp_path: Path
) -> None:
    seen: list[str] = []
    async with bot_api_answering(*UNREACHABLE[answer]) as url:
        env = run_env(tmp_path, url, SECRET_TOKEN, log_json=log_json, level="DEBUG")
        proc = await start_cli(tmp_path, "run", env=env)
        try:
            warning = await read_until(proc, "bot_api_unreachable", seen)
        finally:
            output = await stop(proc, seen)
    assert not secrets_in(output), output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    if log_json:
        fields = json.loads(warning)
        assert fields["level"] == "WARNING" and fields["failures"] == 1 and fields["retry_in_s"] == 1.0
        assert fields["api"] == url and fields["error"]
    else:
        assert " WARNING bot.app bot_api_unreachable " in warning and "failures=1 retry_in_s=1.0" in warning


async def test_sigterm_while_the_bot_api_is_still_unreachable_ends_run_cleanly(tmp_path: Path) -> None:
    seen: list[str] = []
    async with bot_api_answering(*UNREACHABLE["502 page"]) as url:
        proc = await start_cli(tmp_path, "run", env=run_env(tmp_path, url, SECRET_TOKEN, log_json=False))
        await read_until(proc, "bot_api_unreachable", seen)  # waiting out its backoff now
        output = await stop(proc, seen)
    assert proc.returncode == 0, output[-3000:]
    assert "bot stopped before the Bot API answered" in output and "Traceback" not in output


@pytest.mark.parametrize("log_json", [False, True], ids=["plain", "json"])
async def test_failures_after_the_start_are_logged_without_secrets(
    botapi: BotApiServer, log_json: bool, tmp_path: Path
) -> None:
    """getUpdates fails with 500, then with 401 (the token was revoked) while the bot runs: PTB's polling logs
    both, through the redacting handler; the stop ends with one line about the token."""
    seen: list[str] = []
    env = run_env(tmp_path, botapi.url, botapi.token, log_json=log_json, level="DEBUG")
    proc = await start_cli(tmp_path, "run", env=env)
    try:
        await read_until(proc, "bot started", seen)
        botapi.fail(None, "server_error", methods={"getUpdates"})
        botapi.push_command(ADMIN, None, "/start")  # ends the long poll under way: the next one fails
        await read_until(proc, "polling failed, retrying", seen)
        botapi.clear_failures()
        token, botapi.token = botapi.token, "999:revoked"
        await read_until(proc, "Invalid token", seen)
    finally:
        output = await stop(proc, seen)
    assert not secrets_in(output, token), output[-3000:]
    assert proc.returncode == 2, output[-3000:]
    assert "bot stopped" in output  # the stop finished what PTB's stop left undone
    assert output.strip().splitlines()[-1].startswith("frontline-digest: the Bot API rejected the token (")
