"""The composition root: builds the Application with its services, handlers and jobs."""

from __future__ import annotations

import asyncio
import errno
import itertools
import logging
import signal
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.chat import handlers, menus, source_handlers
from bot.chat.context import Context
from bot.clock import Clock, Sleep, doubling_delay, utcnow
from bot.config import TELEGRAM_BOT_API, Settings, WebhookSettings
from bot.deliver import RateLimiter
from bot.deliver.limiter import FloodRetry, retry_after_s
from bot.errors import ConfigError, StartError
from bot.front.service import POLL_INTERVAL
from bot.jobs import JOBS
from bot.metrics import Metrics
from bot.services import Core, Services
from bot.store import chats as chat_store

log = logging.getLogger(__name__)
# An OPML file with "/import" as its caption: PTB's CommandHandler reads message text, not captions.
_IMPORT_CAPTION = filters.CaptionRegex(r"^/import(@\w+)?(\s|$)")
# What binding the webhook's port fails with: taken, not this machine's address, or a privileged port.
_CANNOT_LISTEN = frozenset({errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES})

def build_application(
    settings: Settings, *, clock: Clock = utcnow, sleep: Sleep = asyncio.sleep
) -> Application[Any, Any, Any, Any, Any, Any]:
    token = settings.token
    if not token:
        raise ConfigError("no bot token: set FRONTLINE_BOT_TOKEN (from @BotFather) to run the bot")
    limiter = RateLimiter(paid=settings.env.paid_broadcast)
    metrics = Metrics()
    application = (
        ApplicationBuilder()
        .token(token)
        .rate_limiter(FloodRetry(limiter, sleep=sleep, metrics=metrics))
        .base_url(settings.env.bot_api_url)
        .base_file_url(settings.env.bot_api_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # A reply to a command deleted meanwhile still goes out, instead of a 400
                allow_sending_without_reply=True,
            )
        )
        .context_types(ContextTypes(context=Context))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    assert application.job_queue is not None
    core = Core.build(settings, clock=clock, metrics=metrics)
    application.bot_data["services"] = Services.for_bot(core, application.bot, application.job_queue, JOBS, limiter)

    # First, for every command and button press: the chat is registered once (handlers.register_chat). Not for a
    # /forget button: registering would store again the chat it is about to delete.
    application.add_handler(MessageHandler(filters.COMMAND | _IMPORT_CAPTION, handlers.register_chat), group=-1)
    application.add_handler(CallbackQueryHandler(handlers.register_chat, pattern=r"^(?!forget:)"), group=-1)
    # Handlers, in order. Commands first; anything else that looks like a command gets a hint.
    application.add_handler(ChatMemberHandler(handlers.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("subscribe", handlers.subscribe))
    application.add_handler(CommandHandler("unsubscribe", handlers.unsubscribe))
    application.add_handler(CommandHandler("digest", handlers.digest, block=False))
    application.add_handler(CommandHandler("summary", handlers.summary, block=False))
    application.add_handler(CommandHandler("front", handlers.front, block=False))
    application.add_handler(CommandHandler("sources", source_handlers.sources))
    application.add_handler(CommandHandler("add", source_handlers.add, block=False))
    application.add_handler(CommandHandler("remove", source_handlers.remove))
    application.add_handler(CommandHandler("export", source_handlers.export))
    application.add_handler(CommandHandler("import", source_handlers.import_opml, block=False))
    application.add_handler(MessageHandler(filters.Document.ALL & _IMPORT_CAPTION, source_handlers.import_opml,
                                           block=False))
    application.add_handler(CommandHandler("settings", handlers.settings))
    application.add_handler(CommandHandler("filter", handlers.story_filter))
    application.add_handler(CommandHandler("privacy", handlers.privacy))
    application.add_handler(CommandHandler("forget", handlers.forget))
    operators = filters.User(user_id=settings.env.admin_ids)  # FRONTLINE_ADMIN_IDS; none: nobody
    application.add_handler(CommandHandler("collect", handlers.collect_now, filters=operators, block=False))
    application.add_handler(CommandHandler("status", handlers.status, filters=operators))
    application.add_handler(CommandHandler("retry", handlers.retry_parked, filters=operators))
    application.add_handler(CommandHandler(["collect", "status", "retry"], handlers.operators_only))
    application.add_handler(CallbackQueryHandler(source_handlers.source_button, pattern=r"^src:"))
    application.add_handler(CallbackQueryHandler(handlers.button))  # any data: stale or forged, it answers
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, handlers.unknown_command)
    )
    application.add_error_handler(handlers.on_error)
    return application


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    services: Services = application.bot_data["services"]
    return services


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services = services_of(application)
    await services.start()
    services.scheduler.schedule_collection(await services.pipeline.collected_sources())
    services.scheduler.schedule_front(POLL_INTERVAL)
    services.scheduler.warm_up()
    async with services.db.session() as session:
        for chat in await chat_store.scheduled_chats(session):
            services.scheduler.schedule_digests(chat)
    await menus.publish(application.bot, services.settings.env.admin_ids)
    log.info(
        "bot started",
        extra={"username": application.bot.username, "sources": len(services.settings.sources)},
    )


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await services_of(application).close()
    log.info("bot stopped")


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long `run` waits before asking an unreachable Bot API again: doubling from `first_s` up to `max_s`."""

    first_s: float = 1.0
    max_s: float = 60.0

    def delay(self, failures: int) -> float:
        return doubling_delay(failures, self.first_s, self.max_s)


def _check_settings(settings: Settings) -> str:
    """What to tell an operator to check when the Bot API refuses to start: the token, and the URL when it is not
    Telegram's."""
    url = settings.env.bot_api_url
    return "check FRONTLINE_BOT_TOKEN" + ("" if url == TELEGRAM_BOT_API else f" and FRONTLINE_BOT_API_URL ({url})")


def _rejected(exc: InvalidToken, settings: Settings) -> ConfigError:
    # At getMe PTB's own message quotes the token; the Bot API's reason is in the exception it wraps.
    reason = str(exc.__cause__ or exc).split(". ")[0]
    return ConfigError(f"the Bot API rejected the token ({reason}): {_check_settings(settings)}")


async def connect(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    backoff: Backoff = Backoff(),
    *,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Initialize the Application (its getMe checks the token) once the Bot API answers.

    A token the Bot API rejects (401, 404) or another refusal of getMe is a ConfigError: asking again will not
    help. An unreachable Bot API (no connection, a timeout, 5xx, 429, an answer that is not its JSON) is asked
    again after `backoff`, with one warning per failure."""
    for failures in itertools.count(1):
        try:
            await application.initialize()
            return
        except InvalidToken as exc:
            await _close_request(application)
            raise _rejected(exc, settings) from None
        except RetryAfter as exc:
            delay = max(backoff.delay(failures), retry_after_s(exc))
            error = str(exc)
        except NetworkError as exc:  # TimedOut included
            delay, error = backoff.delay(failures), str(exc)
        except TelegramError as exc:
            if type(exc) is not TelegramError:  # BadRequest, Forbidden, Conflict, ...: a refusal, not an outage
                await _close_request(application)
                raise ConfigError(f"the Bot API refused getMe ({exc}): {_check_settings(settings)}") from None
            delay, error = backoff.delay(failures), f"{exc}: not the Bot API's JSON"
        log.warning(
            "bot_api_unreachable",
            extra={"api": settings.env.bot_api_url, "error": error[:300], "failures": failures, "retry_in_s": delay},
        )
        await sleep(delay)


async def _close_request(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # A failed initialize leaves the Bot uninitialized, so its shutdown does nothing, but getMe's connection open.
    await application.bot.request.shutdown()


def webhook_arguments(hook: WebhookSettings) -> dict[str, Any]:
    """Updater.start_webhook's (and Application.run_webhook's) arguments for these settings. The server answers a
    request without the secret in X-Telegram-Bot-Api-Secret-Token with 403 and drops it."""
    return {
        "listen": hook.listen,
        "port": hook.port,
        "url_path": hook.path,
        "webhook_url": hook.url,
        "secret_token": hook.secret,
        "allowed_updates": Update.ALL_TYPES,
        "drop_pending_updates": False,
    }


def run(settings: Settings, backoff: Backoff = Backoff(), *, webhook: bool = False) -> None:
    """Poll (or, with `webhook`, serve Telegram's webhook) until a stop signal. Waits, with `backoff`, for a Bot API
    that cannot be reached yet; raises ConfigError when it rejects the token and StartError when it fails in the
    rest of the start."""
    hook = settings.env.webhook() if webhook else None  # a missing setting is told before anything starts
    application = build_application(settings)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # the loop run_polling / run_webhook takes over
    try:
        if not loop.run_until_complete(_unless_stopped(connect(application, settings, backoff), application)):
            log.info("bot stopped before the Bot API answered")
            return
        if hook is None:
            application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, close_loop=False)
        else:
            try:
                application.run_webhook(**webhook_arguments(hook), close_loop=False)
            except OSError as exc:
                if exc.errno not in _CANNOT_LISTEN:
                    raise
                where = f"{hook.listen}:{hook.port}"
                raise StartError(f"the webhook server cannot listen on {where}: {exc.strerror}") from None
    except InvalidToken as exc:
        if application.running:  # revoked while polling: PTB's stop raised it and left the rest of the stop undone
            loop.run_until_complete(_finish_stop(application))
        raise _rejected(exc, settings) from None
    except TelegramError as exc:  # deleteWebhook, setWebhook or the menus after getMe had succeeded
        raise StartError(f"the Bot API failed: {exc}") from None
    finally:
        close_loop(loop)


def close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Close the loop as asyncio.run does. A job the scheduler started while the application stopped (after PTB
    had waited for the running ones) is cancelled and awaited here: destroyed pending, it would print asyncio's
    warning after the bot's last line."""
    try:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            log.debug("tasks_cancelled_at_stop", extra={"tasks": sorted(task.get_name() for task in pending)})
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()


async def _unless_stopped(
    start: Coroutine[Any, Any, None], application: Application[Any, Any, Any, Any, Any, Any]
) -> bool:
    """Run `start` (the wait for the Bot API) unless SIGTERM or SIGINT comes first: then stop waiting, close what
    the wait opened and say False. PTB handles the signals itself from run_polling/run_webhook on."""
    task = asyncio.ensure_future(start)
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for number in signals:
        loop.add_signal_handler(number, task.cancel)
    try:
        await task
        return True
    except asyncio.CancelledError:
        await _close_request(application)
        return False
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


async def _finish_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await application.stop()
    await application.shutdown()
    await _post_shutdown(application)
