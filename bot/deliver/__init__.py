"""Delivery: the outbox table driven to Telegram through one rate limiter, with retries and chat pauses."""

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.deliver.limiter import RateLimiter, RateLimits
    from bot.deliver.sender import BotApiTransport, Transport, classify
    from bot.deliver.worker import Deliverer, DeliverySettings, DeliveryStats
    from bot.store.deliveries import enqueue_digest

_WHERE = {
    "BotApiTransport": "bot.deliver.sender",
    "Deliverer": "bot.deliver.worker",
    "DeliverySettings": "bot.deliver.worker",
    "DeliveryStats": "bot.deliver.worker",
    "RateLimiter": "bot.deliver.limiter",
    "RateLimits": "bot.deliver.limiter",
    "Transport": "bot.deliver.sender",
    "classify": "bot.deliver.sender",
    "enqueue_digest": "bot.store.deliveries",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = [
    "BotApiTransport",
    "Deliverer",
    "DeliverySettings",
    "DeliveryStats",
    "RateLimiter",
    "RateLimits",
    "Transport",
    "classify",
    "enqueue_digest",
]
