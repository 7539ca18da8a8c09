"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the tests of
mail delivery."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Collector:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self, on_message: Callable[[], None] | None = None) -> None:
        self.messages: list[EmailMessage] = []
        self.on_message = on_message

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        if self.on_message is not None:
            self.on_message()
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int, collector: Collector | None = None) -> Iterator[Collector]:
    collector = collector or Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector
    finally:
        controller.stop()
