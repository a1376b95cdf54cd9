"""The bot's own membership in groups and channels (my_chat_member): where it may deliver.

Added to a group, or made an admin of a channel: the chat is active and its digests go out. Removed,
kicked, or left without the right to post: the chat is paused (its subscription is kept, its pending parts
are cancelled) so nothing is sent where Telegram would refuse it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.error import Conflict

from bot.clock import Clock, utcnow
from bot.deliver.worker import Deliverer
from bot.store import deliveries as store
from bot.store.db import Database

log = logging.getLogger(__name__)

POSTING_STATUSES = frozenset({"creator", "owner", "administrator"})
MEMBER_STATUSES = POSTING_STATUSES | {"member"}


def can_deliver(chat_type: str, status: str) -> bool:
    """Channels take posts from admins only; groups from any member."""
    return status in (POSTING_STATUSES if chat_type == "channel" else MEMBER_STATUSES)


async def apply_membership(
    db: Database, deliverer: Deliverer, *, chat_id: int, chat_type: str, title: str | None, status: str
) -> bool:
    """Record the bot's new status in a chat; True when the chat can now receive digests."""
    deliverable = can_deliver(chat_type, status)
    async with db.sessions() as session:
        if deliverable:
            await store.activate_chat(session, chat_id, chat_type=chat_type, title=title)
        else:
            await store.pause_chat(session, chat_id, status="removed", reason=f"bot status in chat: {status}")
    if deliverable:
        deliverer.wake(full=True)
    else:
        deliverer.forget_chat(chat_id)
    log.info(
        "bot membership changed",
        extra={"chat_id": chat_id, "chat_type": chat_type, "status": status, "deliverable": deliverable},
    )
    return deliverable


class ConflictReporter:
    """409 Conflict from getUpdates means another copy of the bot polls with the same token. PTB retries on
    its own; this turns the stream of tracebacks into one explanatory line per `interval`."""

    def __init__(self, interval: timedelta = timedelta(minutes=10), clock: Clock = utcnow) -> None:
        self.interval = interval
        self.clock = clock
        self._last_at = clock() - interval
        self.count = 0

    def report(self, exc: Conflict) -> bool:
        """Log the explanation unless it was logged within `interval`; True when it was logged now."""
        self.count += 1
        now = self.clock()
        if now - self._last_at < self.interval:
            return False
        self._last_at = now
        log.error(
            "another copy of this bot is polling Telegram with the same token (409 Conflict); stop the other "
            "copy. This one keeps retrying; the database lease keeps either from sending digests twice",
            extra={"conflicts": self.count, "detail": exc.message},
        )
        return True
