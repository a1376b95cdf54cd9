"""compose.yaml, .env.example and the Dockerfile, checked as `docker compose config` would where Docker is not
installed (and with it where it is): the structure production relies on, and the settings they name exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.config import ENV_PREFIX, EnvSettings
from tests.conftest import ROOT

COMPOSE = ROOT / "compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "Dockerfile"
VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, sep, value = line.partition("=")
            assert sep, f"not NAME=value: {line!r}"
            values[name.strip()] = value
    return values


def _interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} (an unset required one fails the test)."""

    def one(match: re.Match[str]) -> str:
        name, kind, other = match.groups()
        value = env.get(name, "")
        if value:
            return value
        assert kind != "?", f"{name} is required: {other}"
        return other or ""

    return VARIABLE.sub(one, text.replace("$$", "\0")).replace("\0", "$")


def test_postgres_16_with_a_health_check_and_a_volume() -> None:
    compose = _compose()
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16"
    assert db["healthcheck"]["test"][0] == "CMD-SHELL" and "pg_isready" in db["healthcheck"]["test"][1]
    volume, mount = db["volumes"][0].split(":")
    assert mount == "/var/lib/postgresql/data" and volume in compose["volumes"]
    assert set(db["environment"]) == {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def test_the_bot_waits_for_a_healthy_database_and_uses_it() -> None:
    bot = _compose()["services"]["bot"]
    assert bot["build"] == "." and bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert bot["command"][0] == "run" and bot["restart"] == "unless-stopped"
    example = _env_example()
    env = {name: _interpolate(str(value), example) for name, value in bot["environment"].items()}
    url = make_url(env["FRONTLINE_DATABASE_URL"])
    assert (url.drivername, url.host, url.port) == ("postgresql+asyncpg", "db", 5432)
    assert (url.username, url.password, url.database) == (
        example["POSTGRES_USER"], example["POSTGRES_PASSWORD"], example["POSTGRES_DB"]
    )  # fmt: skip
    # The health port the container listens on is the one published (on loopback) and the one the image checks.
    port = env["FRONTLINE_HEALTH_PORT"]
    assert bot["ports"] == [f"127.0.0.1:{port}:{port}"] and env["FRONTLINE_HEALTH_LISTEN"] == "0.0.0.0"
    assert f"FRONTLINE_HEALTH_PORT={port}" in DOCKERFILE.read_text(encoding="utf-8")


def test_every_variable_compose_needs_is_in_the_example_and_every_setting_there_exists() -> None:
    example = _env_example()
    needed = {m.group(1) for m in VARIABLE.finditer(COMPOSE.read_text(encoding="utf-8"))}
    assert needed <= set(example), needed - set(example)
    _interpolate(COMPOSE.read_text(encoding="utf-8"), example)  # every required one is set
    commented = re.findall(r"^# ?(FRONTLINE_\w+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE)
    known = {f"{ENV_PREFIX}{name.upper()}" for name in EnvSettings.model_fields}
    frontline = {name for name in [*example, *commented] if name.startswith(ENV_PREFIX)}
    assert frontline <= known, frontline - known


def test_the_example_environment_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)
    env = EnvSettings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    assert env.bot_token is None or not env.bot_token.get_secret_value()  # no token ships with it
    assert env.webhook_url is None and env.health_port is None


def test_the_image_builds_the_boundaries_runs_unprivileged_and_checks_its_health() -> None:
    lines = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    final = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM ")):]
    assert any(line.startswith("RUN ") and "frontline-digest geodata" in line for line in lines)
    [user] = [line.split()[1] for line in final if line.startswith("USER ")]
    assert user not in ("root", "0")
    [check] = [line for line in final if line.startswith("HEALTHCHECK ")]
    assert "/healthz" in check and "FRONTLINE_HEALTH_PORT" in check


def _docker_compose() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    return None


@pytest.mark.skipif(_docker_compose() is None, reason="docker compose is not installed (the checks above stand in)")
def test_docker_compose_accepts_the_file() -> None:
    command = _docker_compose()
    assert command is not None
    done = subprocess.run(
        [*command, "--project-directory", str(ROOT), "-f", str(COMPOSE), "--env-file", str(ENV_EXAMPLE),
         "config", "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
