"""Delivery: the outbox table driven to Telegram through one rate limiter, with retries and chat pauses."""

from bot.deliver.limiter import RateLimiter, RateLimits
from bot.deliver.sender import BotApiTransport, Transport, classify
from bot.deliver.worker import Deliverer, DeliverySettings, DeliveryStats
from bot.store.deliveries import enqueue_digest

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
