"""Frontline Digest: news about the war in Ukraine condensed into short, sourced Telegram digests."""

__version__ = "0.1.0"
