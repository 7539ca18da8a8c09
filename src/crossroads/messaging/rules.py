"""The rules of secure messages, pure: how long a message or an enquiry may be, how many a
person may send in a while, and the measured time a practitioner takes to reply.

The measured reply time is what a client can hold a practitioner to beside the promise in their
listing ("usually within 6 hours"), so it counts only real waits: a run of client messages
waits from its first message until the practitioner's next one. A wait still open is not
counted (it has no length yet), and a practitioner who started the conversation was not
replying to anyone.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crossroads.kernel.errors import InvalidInput, RateLimited

MAX_MESSAGE = 4000  # characters in a message
MAX_ENQUIRY = 1000  # characters in an enquiry: a short question before any booking
MESSAGES_PER_HOUR = 30  # a sender's messages in any hour, across all their threads
ENQUIRIES_PER_DAY = 5  # enquiries a client opens to practitioners they have not written to
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
REPLY_WINDOW = timedelta(days=90)  # the waits a measured reply time is made of began since
FEWEST_REPLIES = 3  # fewer measured replies than this say too little to show a figure


@dataclass(frozen=True)
class Sent:
    """One message as the measure sees it: who sent it and when, never what it said."""

    from_client: bool
    at: datetime


@dataclass(frozen=True)
class ReplyTime:
    """The median wait for a reply, over `replies` answered waits."""

    median: timedelta
    replies: int

    @property
    def hours(self) -> int:
        """The median in whole hours, rounded up, so "within N hours" holds for half of the
        waits or more; never less than one."""
        return max(1, math.ceil(self.median / HOUR))


def reply_waits(messages: Iterable[Sent]) -> list[tuple[datetime, timedelta]]:
    """Each answered wait in one thread: when the run of client messages began, and how long
    until the practitioner's next message ended it. Of messages sent in the same instant, the
    client's count as first."""
    waits = []
    waiting_since: datetime | None = None
    for message in sorted(messages, key=lambda each: (each.at, not each.from_client)):
        if message.from_client:
            waiting_since = waiting_since or message.at
        elif waiting_since is not None:
            waits.append((waiting_since, message.at - waiting_since))
            waiting_since = None
    return waits


def measured_reply_time(threads: Iterable[Sequence[Sent]], since: datetime) -> ReplyTime | None:
    """The median over every thread of the waits that began at `since` or later; None when
    fewer than FEWEST_REPLIES were answered, too few to say anything. A thread's messages may
    include the last one before `since`: a run of client messages already waiting then began
    before the window and is not counted."""
    waits = [wait for thread in threads for began, wait in reply_waits(thread) if began >= since]
    if len(waits) < FEWEST_REPLIES:
        return None
    waits.sort()
    middle = len(waits) // 2
    median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return ReplyTime(median, len(waits))


def written_message(text: str, *, enquiry: bool = False) -> str:
    """The message trimmed, or InvalidInput naming the limit it breaks."""
    text = text.strip()
    if not text:
        raise InvalidInput("text", "write your message first")
    limit = MAX_ENQUIRY if enquiry else MAX_MESSAGE
    if len(text) > limit:
        what = "a first question before you work together" if enquiry else "a message"
        raise InvalidInput(
            "text",
            f"{what} can be up to {limit:,} characters, and this one has {len(text):,}: "
            "please shorten it",
        )
    return text


def check_rate(
    sent: Sequence[datetime], *, now: datetime, most: int, within: timedelta, what: str
) -> None:
    """RateLimited when `most` of `sent` (the times of earlier ones) fall within `within`
    before `now`; it says what the limit is and how long until the next is taken. `what`
    names the limit, as in "30 messages an hour"."""
    recent = sorted(at for at in sent if now - within < at <= now)
    if len(recent) < most:
        return
    free_at = recent[-most] + within
    wait = max(1, math.ceil((free_at - now).total_seconds()))
    raise RateLimited(
        f"you can send up to {what}, so please wait {_spoken(wait)} before sending another",
        wait,
    )


def _spoken(seconds: int) -> str:
    """A wait as people say it: "about 3 hours", "about 12 minutes", "a minute"."""
    minutes = math.ceil(seconds / 60)
    if minutes <= 1:
        return "a minute"
    if minutes < 90:
        return f"about {minutes} minutes"
    return f"about {math.ceil(minutes / 60)} hours"
