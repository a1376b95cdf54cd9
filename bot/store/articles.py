"""Articles, deduplicated by canonical URL and by a hash of their normalised text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Article
from bot.store.models import ArticleRow, SourceRow
from bot.store.upsert import insert_ignore

_NON_WORD = re.compile(r"\W+")


def content_hash(article: Article) -> str:
    """The same report under two URLs (syndication, tracking redirects) hashes alike."""
    basis = _NON_WORD.sub(" ", f"{article.title} {article.text}".lower()).strip()
    return hashlib.sha256(basis.encode()).hexdigest()


async def add_articles(
    session: AsyncSession, source_id: int, articles: Iterable[Article], *, now: datetime
) -> int:
    """Insert the articles not stored yet; returns how many were new."""
    rows = [
        {
            "source_id": source_id,
            "url": a.url,
            "content_hash": content_hash(a),
            "title": a.title,
            "text": a.text,
            "summary": a.summary,
            "lang": a.lang,
            "image_url": a.image_url,
            # A feed's clock may run ahead; a story cannot be newer than the moment we saw it.
            "published_at": min(a.published, now),
            "collected_at": now,
        }
        for a in articles
    ]
    if not rows:
        return 0
    result = await session.execute(insert_ignore(session, ArticleRow).returning(ArticleRow.id), rows)
    return len(result.all())


async def recent_urls(session: AsyncSession, source_id: int, *, limit: int = 5000) -> set[str]:
    """URLs this source gave us lately: their pages need no second fetch."""
    stmt = (
        select(ArticleRow.url)
        .where(ArticleRow.source_id == source_id)
        .order_by(ArticleRow.collected_at.desc())
        .limit(limit)
    )
    return set((await session.scalars(stmt)).all())


async def articles_collected_between(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    limit: int = 5000,
    source_keys: Collection[str] | None = None,
) -> list[Article]:
    """Articles that reached us in [since, until), newest first; only those of `source_keys` when given."""
    stmt = (
        select(ArticleRow, SourceRow.key, SourceRow.name)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(ArticleRow.collected_at >= since, ArticleRow.collected_at < until)
        .order_by(ArticleRow.published_at.desc())
        .limit(limit)
    )
    if source_keys is not None:
        stmt = stmt.where(SourceRow.key.in_(list(source_keys)))
    result = await session.execute(stmt)
    return [
        Article(
            url=row.url,
            title=row.title,
            text=row.text,
            published=row.published_at.astimezone(UTC),
            source_key=key,
            source_name=name,
            lang=row.lang,
            summary=row.summary,
            image_url=row.image_url,
        )
        for row, key, name in result.all()
    ]
