"""The command line as a process: its environment for a test (loopback only), starting it, reading its log up to
a line, stopping it, and checking that nothing it wrote shows a secret."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import quote

from tests.conftest import ROOT

SECRET_TOKEN = "7345198263:AAHx3k9QvL2mZr8TbWc1YpNd5sEfGu7JiKo"  # fake, in the shape of a real one
LLM_KEY = "sk-proj-Q7wLx2vK9mBz4RtN8cY1pHd6"
WEBHOOK_SECRET = "wh-Sec_7d1f0c2e9b8a4f6e"


def secrets_in(text: str, token: str = SECRET_TOKEN) -> list[str]:
    """The secrets, or distinctive parts of them (the token's key after the colon, URL-encoded too), in `text`."""
    parts = [token, token.split(":", 1)[1], quote(token, safe=""), LLM_KEY, LLM_KEY.removeprefix("sk-proj-"),
             WEBHOOK_SECRET]  # fmt: skip
    return [p for p in parts if p in text]


def run_env(tmp_path: Path, api_url: str, token: str, *, log_json: bool, level: str = "INFO") -> dict[str, str]:
    """`run` against the Bot API at `api_url`, with no sources and the map source on loopback: it reaches no other
    host."""
    no_sources = tmp_path / "no-sources.toml"
    no_sources.write_text("# no sources: the bot reaches no news site\n")
    return {
        **os.environ,
        "FRONTLINE_BOT_TOKEN": token,
        "FRONTLINE_BOT_API_URL": api_url,
        "FRONTLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        "FRONTLINE_CONFIG_DIR": str(ROOT / "config"),
        "FRONTLINE_SOURCES_FILE": str(no_sources),
        "FRONTLINE_FRONT_API_URL": f"{api_url}/front-map-api",
        "FRONTLINE_LLM_API_KEY": LLM_KEY,
        "FRONTLINE_LOG_JSON": str(log_json).lower(),
        "FRONTLINE_LOG_LEVEL": level,
    }


def webhook_env(port: int) -> dict[str, str]:
    """`run --webhook` on 127.0.0.1:`port`, with the public URL on loopback too (the test Bot API posts there)."""
    return {
        "FRONTLINE_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "FRONTLINE_WEBHOOK_LISTEN": "127.0.0.1",
        "FRONTLINE_WEBHOOK_PORT": str(port),
        "FRONTLINE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }


async def start_cli(cwd: Path, *args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def read_until(proc: asyncio.subprocess.Process, marker: str, seen: list[str]) -> str:
    """Lines of stderr, appended to `seen`, up to the first one containing `marker`; the 60 s bound only ends a
    failing test (a process that ends first fails it at once)."""
    assert proc.stderr is not None
    async with asyncio.timeout(60):
        while line := (await proc.stderr.readline()).decode():
            seen.append(line)
            if marker in line:
                return line
    raise AssertionError(f"{marker!r} never logged; stderr:\n{''.join(seen)[-3000:]}")


async def stop(proc: asyncio.subprocess.Process, seen: list[str]) -> str:
    """SIGTERM, then everything the process wrote (stdout and stderr)."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    seen.append(err.decode())
    return out.decode() + "".join(seen)


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
