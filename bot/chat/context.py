"""The handlers' context: typed access to the services instead of raw bot_data keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.chat.args import clean_input

if TYPE_CHECKING:
    from bot.chat.service import ChatInfo
    from bot.services import Services


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.chat_info: ChatInfo | None = None  # set for commands and button presses by handlers.register_chat

    @property
    def services(self) -> Services:
        services: Services = self.bot_data["services"]
        return services

    @property
    def info(self) -> ChatInfo:
        """The chat of this command or button press, as registered before its handler ran."""
        if self.chat_info is None:
            raise RuntimeError("handler of an update that handlers.register_chat did not see")
        return self.chat_info

    @property
    def args(self) -> list[str] | None:
        """A command's words, each through clean_input when PTB sets them: no handler can forget to clean.
        Words that were nothing but control characters are gone."""
        return self._args

    @args.setter
    def args(self, value: list[str] | None) -> None:
        self._args = None if value is None else [word for word in map(clean_input, value) if word]
