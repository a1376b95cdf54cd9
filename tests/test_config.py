from pathlib import Path

import pytest

from bot.config import EnvSettings, load_settings, load_sources
from bot.domain import SourceKind
from bot.errors import ConfigError
from bot.front import boundaries

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_configuration_loads() -> None:
    settings = load_settings(EnvSettings(config_dir=ROOT / "config"))
    langs = {s.lang for s in settings.sources}
    assert {"uk", "ru", "en"} <= langs
    assert len({s.key for s in settings.sources}) == len(settings.sources)
    assert settings.digest.times == ("08:00", "20:00") and settings.digest.timezone == "Europe/Kyiv"
    assert settings.token is None


def test_token_is_a_secret_in_reprs() -> None:
    env = EnvSettings(bot_token="123:SECRET", config_dir=ROOT / "config")
    assert "SECRET" not in repr(env)
    assert load_settings(env).token == "123:SECRET"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[source]]\nkey='a'\nname='A'\n", "lacks url"),
        ("[[source]]\nkey='a'\nname='A'\nurl='ftp://x'\n", r"http\(s\)"),
        ("[[source]]\nkey='a'\nname='A'\nurl='https://x'\nkind='fax'\n", "kind must be"),
        ("[[source]]\nkey='a'\nname='A'\nurl='https://x'\n[[source]]\nkey='a'\nname='B'\nurl='https://y'\n", "twice"),
        ("source = [", "not valid TOML"),
        ("[[source]]\nkey='a'\nname='A'\nurl='https://x'\nall_relevant='false'\n", "all_relevant must be true or"),
        ("[[source]]\nkey='a'\nname='A'\nurl='https://x'\nall_relevant=1\n", "all_relevant must be true or"),
    ],
    ids=["missing", "scheme", "kind", "duplicate", "toml", "all-relevant-text", "all-relevant-number"],
)
def test_bad_source_files_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_sources(path)


def test_source_defaults(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[[source]]\nkey='a'\nname='A'\nurl='https://x/feed'\n")
    [spec] = load_sources(path, default_interval=15)
    assert spec.kind is SourceKind.FEED and spec.interval_minutes == 15 and spec.lang == "en"
    assert not spec.all_relevant  # its articles must read as war news to reach a war-only digest


def test_a_front_line_source_can_be_marked_all_relevant(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        "[[source]]\nkey='front'\nname='Front'\nurl='@frontline'\nkind='channel'\nall_relevant=true\n"
        "[[source]]\nkey='wire'\nname='Wire'\nurl='https://x/feed'\nall_relevant=false\n"
    )
    front, wire = load_sources(path)
    assert front.all_relevant and not wire.all_relevant
    shipped = load_settings(EnvSettings(config_dir=ROOT / "config")).sources
    assert {s.key for s in shipped if s.all_relevant} == {"deepstate-tg", "genstaff-tg", "airforce-tg"}


def test_missing_sources_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_empty_geodata_means_the_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("FRONTLINE_GEODATA", "")
    env = EnvSettings()
    source = boundaries.configured(env.geodata, env.boundaries_url)
    assert env.geodata is None and source.folder == tmp_path / "frontline-digest" / "geodata"
    monkeypatch.setenv("FRONTLINE_GEODATA", str(tmp_path / "mine"))
    assert boundaries.configured(EnvSettings().geodata, None).folder == tmp_path / "mine"


@pytest.mark.parametrize(
    "zone", ["Europe", "../../etc/passwd", "/etc/passwd", "Mars/Olympus", "x" * 300], ids=lambda z: z[:20]
)
def test_an_unknown_time_zone_in_the_config_says_so(tmp_path: Path, zone: str) -> None:
    (tmp_path / "sources.toml").write_text((ROOT / "config" / "sources.toml").read_text())
    (tmp_path / "frontline.toml").write_text(f'[digest]\ntimezone = "{zone}"\n')
    with pytest.raises(ConfigError, match="unknown time zone"):
        load_settings(EnvSettings(config_dir=tmp_path))


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FRONTLINE_ADMIN_IDS", "1234,5678"),  # not JSON
        ("FRONTLINE_ADMIN_IDS", '["alice"]'),
        ("FRONTLINE_LLM_TIMEOUT_S", "twenty"),
        ("FRONTLINE_LOG_JSON", "123456:AAH-pasted-the-token-here"),
        ("FRONTLINE_ADMIN_CHAT_ID", "@ops"),
        ("FRONTLINE_LOG_LEVEL", "bogus"),
        ("FRONTLINE_LOG_LEVEL", "123456:AAH-pasted-the-token-here"),
        ("FRONTLINE_WEBHOOK_SECRET", "has spaces-and-a-secret"),
        ("FRONTLINE_WEBHOOK_SECRET", "pasted:123456:AAH-token"),
        ("FRONTLINE_WEBHOOK_SECRET", "x" * 257),
        ("FRONTLINE_WEBHOOK_SECRET", "ключ-secret"),
        ("FRONTLINE_WEBHOOK_URL", "digest.example.net/hook"),
        ("FRONTLINE_WEBHOOK_URL", "ftp://digest.example.net/hook"),
        ("FRONTLINE_WEBHOOK_URL", "https:///no-host"),
        ("FRONTLINE_WEBHOOK_PORT", "0"),
        ("FRONTLINE_WEBHOOK_PORT", "65536"),
        ("FRONTLINE_WEBHOOK_PORT", "https"),
        ("FRONTLINE_HEALTH_PORT", "-1"),
        ("FRONTLINE_HEALTH_PORT", "70000"),
    ],
)
def test_a_bad_environment_value_names_the_variable_never_the_value(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv("FRONTLINE_CONFIG_DIR", str(ROOT / "config"))
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith("bad setting: ") and "\n" not in message
    assert variable in message
    assert value not in message


SECRET = "A-webhook_secret-0123456789"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://bot.example.org/telegram", "telegram"),
        ("https://bot.example.org/telegram/", "telegram"),
        ("https://bot.example.org:8443/a/b/c", "a/b/c"),
        ("https://bot.example.org", ""),
        ("http://127.0.0.1:8080/hook", "hook"),
    ],
)
def test_the_webhook_serves_the_path_of_its_public_url(url: str, path: str) -> None:
    hook = EnvSettings(webhook_url=url, webhook_secret=SECRET, webhook_port=9000).webhook()
    assert (hook.url, hook.path, hook.port, hook.listen, hook.secret) == (url, path, 9000, "127.0.0.1", SECRET)
    assert SECRET not in repr(hook)


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({}, "FRONTLINE_WEBHOOK_URL and FRONTLINE_WEBHOOK_SECRET"),
        ({"webhook_url": "https://bot.example.org/t"}, "FRONTLINE_WEBHOOK_SECRET"),
        ({"webhook_url": "", "webhook_secret": SECRET}, "FRONTLINE_WEBHOOK_URL"),
        ({"webhook_url": "https://bot.example.org/t", "webhook_secret": ""}, "FRONTLINE_WEBHOOK_SECRET"),
    ],
)
def test_webhook_mode_names_the_settings_it_lacks(values: dict[str, str], missing: str) -> None:
    with pytest.raises(ConfigError, match=f"^run --webhook needs {missing}$"):
        EnvSettings(**values).webhook()  # type: ignore[arg-type]


def test_the_webhook_secret_is_kept_from_the_logs() -> None:
    settings = load_settings(EnvSettings(config_dir=ROOT / "config", webhook_secret=SECRET))
    assert SECRET in settings.secrets and SECRET not in repr(settings.env)


def test_health_endpoints_are_off_unless_a_port_is_set() -> None:
    env = EnvSettings()
    assert env.health_port is None and env.health_listen == "127.0.0.1" and env.webhook_listen == "127.0.0.1"


def test_the_chat_source_limits_come_from_the_sources_section(tmp_path: Path) -> None:
    assert load_settings(EnvSettings(config_dir=ROOT / "config")).chat_sources.max_per_chat == 50
    (tmp_path / "sources.toml").write_text((ROOT / "config" / "sources.toml").read_text())
    (tmp_path / "frontline.toml").write_text("[sources]\nmax_per_chat = 5\n")
    assert load_settings(EnvSettings(config_dir=tmp_path)).chat_sources.max_per_chat == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[sources]\nmax_per_chat = -1\n", "max_per_chat >= 0"),
        ("[sources]\nmax_opml_bytes = 0\n", "max_opml_bytes >= 1"),
        ("[sources]\nmax_per_chat = \"many\"\n", "is not a int"),
        ("[sources]\nper_chat = 5\n", "unknown settings: per_chat"),
    ],
)
def test_bad_chat_source_limits_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "sources.toml").write_text((ROOT / "config" / "sources.toml").read_text())
    (tmp_path / "frontline.toml").write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_settings(EnvSettings(config_dir=tmp_path))
