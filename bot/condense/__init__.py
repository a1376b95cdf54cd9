"""The story engine: pure functions from collected articles to ranked, summarised stories.

No network, database or Telegram code here; everything is plain data in, plain data out.
"""

from bot.condense.cluster import warm_gists
from bot.condense.query import matches_query
from bot.condense.stories import build_stories
from bot.condense.text import clean_text, detect_lang, split_sentences

__all__ = ["build_stories", "clean_text", "detect_lang", "matches_query", "split_sentences", "warm_gists"]
