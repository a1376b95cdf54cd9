import ast
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from bot.deliver.worker import DeliveryStats
from bot.logs import RESERVED, setup_logging

PACKAGE = Path(__file__).resolve().parent.parent / "bot"
LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
# `extra=` arguments whose keys the source does not spell out, and where their keys come from.
DYNAMIC_EXTRAS: dict[str, Callable[[], Iterable[str]]] = {
    "asdict(self.stats)": lambda: [f.name for f in fields(DeliveryStats)],
}


def _last_line(capfd: pytest.CaptureFixture[str]) -> str:
    return capfd.readouterr().err.strip().splitlines()[-1]


def _parsed(line: str, as_json: bool) -> dict[str, object]:
    """The fields of one line, as the reader of the log would see them."""
    if as_json:
        return json.loads(line)
    fields_part = line.split(" msg ", 1)[1]
    found: dict[str, object] = {}
    decoder = json.JSONDecoder()
    while fields_part:
        key, rest = fields_part.split("=", 1)
        if rest.startswith('"'):
            value, end = decoder.raw_decode(rest)
        else:
            end = rest.find(" ") if " " in rest else len(rest)
            value = rest[:end]
        found[key] = value
        fields_part = rest[end:].lstrip(" ")
    return found


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_every_key_of_extra_reaches_the_line(capfd: pytest.CaptureFixture[str], as_json: bool) -> None:
    setup_logging("INFO", as_json=as_json)
    extra = {"source": "deepstate", "error": "ClientError('boom')", "snapshot_id": 7, "note": 'a "quoted" = text'}
    logging.getLogger("frontline.test").warning("msg", extra=extra)
    got = _parsed(_last_line(capfd), as_json)
    for key, value in extra.items():
        assert got[key] == (value if as_json else str(value))


def test_json_keeps_the_types_of_numbers_and_flags(capfd: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", as_json=True)
    logging.getLogger("x").warning("hello", extra={"chat_id": 5, "ratio": 0.5, "ok": True, "none": None})
    payload = json.loads(_last_line(capfd))
    assert payload["msg"] == "hello" and payload["level"] == "WARNING" and payload["logger"] == "x"
    assert (payload["chat_id"], payload["ratio"], payload["ok"], payload["none"]) == (5, 0.5, True, None)


def test_a_field_never_replaces_the_json_lines_own_keys(capfd: pytest.CaptureFixture[str]) -> None:
    """Third-party code may pass any key; logging.Logger.makeRecord only refuses LogRecord attributes."""
    setup_logging("INFO", as_json=True)
    logging.getLogger("x").warning("hello", extra={"level": "lvl", "ts": "t", "logger": "l", "exc": "e"})
    payload = json.loads(_last_line(capfd))
    assert (payload["level"], payload["logger"], payload["msg"]) == ("WARNING", "x", "hello")
    assert (payload["level_"], payload["ts_"], payload["logger_"], payload["exc_"]) == ("lvl", "t", "l", "e")


# Secrets as tokens and keys look, and ones JSON or the quoting of a field would escape.
SECRETS = ["123456:ABCDEF-secret", 's3"cr3t', "back\\slash", "new\nline", "ключ-секрет"]


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("secret", SECRETS)
def test_secrets_are_redacted_in_the_message_every_field_and_the_traceback(
    capfd: pytest.CaptureFixture[str], secret: str, as_json: bool
) -> None:
    setup_logging("INFO", secrets=[secret], as_json=as_json)
    log = logging.getLogger("frontline.test")
    url = f"https://api.telegram.org/bot{secret}/getMe"
    log.info("fetching %s", url, extra={"url": url, "error": f"failed: {secret}", "bare": secret})
    try:
        raise RuntimeError(f"boom with {secret}")
    except RuntimeError:
        log.exception("failed", extra={"detail": secret})
    err = capfd.readouterr().err
    for escaped in {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}:
        assert escaped not in err
    assert err.count("***") >= 6


def test_a_secret_added_late_is_redacted_too(capfd: pytest.CaptureFixture[str]) -> None:
    from bot.logs import add_secret

    setup_logging("INFO")
    add_secret("late-token")
    logging.getLogger("x").warning("with late-token", extra={"token_field": "late-token"})
    line = _last_line(capfd)
    assert "late-token" not in line and line.count("***") == 2


# ---- every logging call in the package passes keys that reach the line ---------------------------------------


def _extras(tree: ast.AST) -> Iterator[tuple[int, ast.expr, dict[str, ast.Dict]]]:
    """(line, the `extra=` expression, the dicts assigned to names in its function) of every log call."""

    def visit(node: ast.AST, local: dict[str, ast.Dict]) -> Iterator[tuple[int, ast.expr, dict[str, ast.Dict]]]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            local = {}
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Assign) and isinstance(child.value, ast.Dict):
                local.update({t.id: child.value for t in child.targets if isinstance(t, ast.Name)})
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LEVELS:
            yield from ((node.lineno, k.value, local) for k in node.keywords if k.arg == "extra")
        for child in ast.iter_child_nodes(node):
            yield from visit(child, local)

    yield from visit(tree, {})


def _keys(expr: ast.expr, local: dict[str, ast.Dict]) -> list[str] | None:
    """The keys an `extra=` expression passes, or None when the source does not spell them out."""
    if isinstance(expr, ast.Name) and expr.id in local:
        expr = local[expr.id]
    if isinstance(expr, ast.Dict):
        keys = [k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None for k in expr.keys]
        return None if None in keys else [k for k in keys if k is not None]
    unparsed = ast.unparse(expr)
    return list(DYNAMIC_EXTRAS[unparsed]()) if unparsed in DYNAMIC_EXTRAS else None


def extra_problems(source: str, where: str) -> list[str]:
    problems = []
    tree = ast.parse(source)
    for line, expr, local in _extras(tree):
        keys = _keys(expr, local)
        if keys is None:
            problems.append(f"{where}:{line}: extra={ast.unparse(expr)} has keys this test cannot see")
            continue
        problems += [f"{where}:{line}: extra key {k!r} is reserved" for k in keys if k in RESERVED]
    return problems


def _package_sources() -> list[tuple[str, str]]:
    return [(str(p.relative_to(PACKAGE.parent)), p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))]


def test_no_logging_call_in_the_package_passes_a_reserved_or_unknown_key() -> None:
    sources = _package_sources()
    calls = sum(len(list(_extras(ast.parse(text)))) for _, text in sources)
    assert calls >= 40  # the scan sees the package's log calls (a broken scan would pass on nothing)
    problems = [p for where, text in sources for p in extra_problems(text, where)]
    assert problems == []


@pytest.mark.parametrize("key", ["name", "message", "args", "module", "filename", "msg", "asctime", "level", "ts"])
@pytest.mark.parametrize(
    "template",
    [
        'log.warning("x", extra={{"{key}": 1}})',
        'logger.log(30, "x", extra={{"ok": 1, "{key}": 2}})',
        'def f():\n    fields = {{"{key}": 1}}\n    log.error("x", extra=fields)',
        'async def f():\n    def g():\n        log.info("x", extra={{"{key}": 1}})',
    ],
)
def test_the_scan_finds_reserved_keys(key: str, template: str) -> None:
    problems = extra_problems(template.format(key=key), "snippet.py")
    assert len(problems) == 1 and f"{key!r} is reserved" in problems[0]


@pytest.mark.parametrize("key", ["name", "message", "args", "module", "filename"])
def test_reserved_record_keys_really_fail_at_runtime(key: str) -> None:
    """Why the scan matters: the logging module refuses these keys only when the line is logged."""
    with pytest.raises(KeyError):
        logging.getLogger("x").error("x", extra={key: 1})


@pytest.mark.parametrize("expr", ["kwargs", "make_fields()", "{**other}", "{key: 1}"])
def test_the_scan_refuses_keys_it_cannot_see(expr: str) -> None:
    problems = extra_problems(f'log.info("x", extra={expr})', "snippet.py")
    assert len(problems) == 1 and "cannot see" in problems[0]


def test_the_keys_of_dynamic_extras_are_known() -> None:
    assert set(DYNAMIC_EXTRAS["asdict(self.stats)"]()) >= {"sent", "parked"}
