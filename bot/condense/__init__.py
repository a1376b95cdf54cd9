"""The story engine: pure functions from collected articles to ranked, summarised stories.

No network, database or Telegram code here; everything is plain data in, plain data out.
"""

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.condense.cluster import warm_gists
    from bot.condense.query import matches_query
    from bot.condense.stories import build_stories
    from bot.condense.text import clean_text, detect_lang, split_sentences

_WHERE = {
    "build_stories": "bot.condense.stories",
    "clean_text": "bot.condense.text",
    "detect_lang": "bot.condense.text",
    "matches_query": "bot.condense.query",
    "split_sentences": "bot.condense.text",
    "warm_gists": "bot.condense.cluster",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = [
    "build_stories",
    "clean_text",
    "detect_lang",
    "matches_query",
    "split_sentences",
    "warm_gists",
]
