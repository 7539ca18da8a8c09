"""Refuse request bodies larger than any form or API call needs, before reading them."""

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossroads.journal.service.transfer import MAX_FILE_BYTES

MAX_BODY_BYTES = 256 * 1024  # the longest assessment text is 10,000 characters
# Routes that take a file, with room for the form around it. The page refuses a file over its
# own limit with a message; a body larger still is cut off here like any other.
LARGER = {"/journal/import": MAX_FILE_BYTES + 64 * 1024}


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Pure ASGI middleware: 413 on a declared length over the limit, and a cut-off for
    bodies sent without one."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: Mapping[str, int] = LARGER
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted_receive, send)
        except BodyTooLarge:
            await _too_large(send)


async def _too_large(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b"Request body too large.\n"})
