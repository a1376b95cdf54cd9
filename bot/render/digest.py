"""A Digest as Telegram HTML parts: dated header, stories with their sources (and what the front-line map says
of their claims), the line of stories in other languages, footer; split on story boundaries.

Every piece of text that came from outside (headlines, sentences, outlet names, URLs, the footer) goes
through `escape_html`; only the tags written here reach Telegram. Blocks are separated by a blank line and
contain none themselves, so `split_html` cuts between stories whenever a part fills up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Digest, MapCheck, Story
from bot.i18n import lang_key, t
from bot.render.html import TELEGRAM_TEXT_LIMIT, escape_html, link, one_line, split_html

MAX_LINKS_PER_STORY = 5
MAX_OTHER_LINKS = 3  # the "in other languages" line names a few stories; the rest are counted
OTHER_HEADLINE_CHARS = 60
DEFAULT_TZ = "Europe/Kyiv"


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def format_date(lang: str, when: datetime, tz: str) -> str:
    """"3 March 2025" / "3 березня 2025" / "3 марта 2025" in the chat's time zone."""
    local = when.astimezone(_zone(tz))
    month = t(lang, "months_genitive").split(",")[local.month - 1]
    return t(lang, "date_long", day=local.day, month=month, year=local.year)


def _short(when: datetime, tz: str) -> str:
    return when.astimezone(_zone(tz)).strftime("%d.%m %H:%M")


def render_header(digest: Digest, *, tz: str) -> str:
    title = one_line(digest.title) or t(digest.lang, "digest_title", date=format_date(digest.lang, digest.until, tz))
    period = t(digest.lang, "digest_period", since=_short(digest.since, tz), until=_short(digest.until, tz), tz=tz)
    return f"<b>{escape_html(title)}</b>\n<i>{escape_html(period)}</i>"


def _language_mark(story: Story, lang: str) -> str:
    """" <i>[translated from Russian]</i>" / " <i>[in Russian]</i>" after a headline not written in `lang`."""
    if story.translated_from:
        key = lang_key("story_from", story.translated_from)
    elif story.lang != lang:
        key = lang_key("story_in", story.lang)
    else:
        return ""
    return f" <i>[{escape_html(t(lang, key))}]</i>"


def map_check_line(checks: Sequence[MapCheck], lang: str, tz: str) -> str:
    """"DeepState map as of 29.11 18:00: Pokrovsk — not confirmed yet." (plain text, the caller escapes)."""
    items = "; ".join(t(lang, f"claim_{c.verdict.value}", place=one_line(c.place)) for c in checks)
    return t(lang, "claims_line", when=_short(checks[0].as_of, tz), items=items)


def render_story(story: Story, number: int, lang: str, tz: str = DEFAULT_TZ) -> str:
    lines = [f"<b>{number}. {escape_html(one_line(story.headline))}</b>{_language_mark(story, lang)}"]
    summary = " ".join(one_line(s) for s in story.sentences if s.strip())
    if summary:
        lines.append(escape_html(summary))
    if story.map_checks:
        lines.append(f"<i>{escape_html(map_check_line(story.map_checks, lang, tz))}</i>")
    links = [link(s.url, s.name) for s in story.sources[:MAX_LINKS_PER_STORY]]
    more = len(story.sources) - MAX_LINKS_PER_STORY
    if more > 0:
        links.append(escape_html(t(lang, "story_more_sources", n=more)))
    if links:
        count = f" ({escape_html(t(lang, 'sources_count', n=len(story.sources)))})" if len(story.sources) > 1 else ""
        lines.append(" · ".join(links) + count)
    return "\n".join(lines)


def _shortened(headline: str) -> str:
    text = one_line(headline)
    if len(text) <= OTHER_HEADLINE_CHARS:
        return text
    return text[: OTHER_HEADLINE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def render_others(others: tuple[Story, ...], lang: str) -> str:
    """One line for the stories in languages the chat does not read: which languages, and a few headlines
    (shortened, each a link to its first source), best first."""
    codes = dict.fromkeys(s.lang for s in others)
    names = ", ".join(t(lang, lang_key("lang", code)) for code in codes)
    links = [
        link(s.sources[0].url, _shortened(s.headline)) if s.sources else escape_html(_shortened(s.headline))
        for s in others[:MAX_OTHER_LINKS]
    ]
    more = len(others) - MAX_OTHER_LINKS
    if more > 0:
        links.append(escape_html(t(lang, "story_more_sources", n=more)))
    return f"<i>{escape_html(t(lang, 'digest_other_langs', langs=names))}</i> " + " · ".join(links)


def render_digest(digest: Digest, *, tz: str = DEFAULT_TZ, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """The digest as Telegram HTML messages, each within `limit` (4096) characters, in reading order."""
    blocks = [render_header(digest, tz=tz)]
    if digest.stories:
        blocks.extend(render_story(story, i, digest.lang, tz) for i, story in enumerate(digest.stories, 1))
    else:
        blocks.append(escape_html(digest.empty or t(digest.lang, "digest_empty")))
    if digest.others:
        blocks.append(render_others(digest.others, digest.lang))
    footer = "\n".join(one_line(line) for line in digest.footer.splitlines() if line.strip())
    if footer:
        blocks.append(escape_html(footer))
    return split_html("\n\n".join(blocks), limit)
