"""The kinds of appointment a practitioner offers, and what a client chooses when booking.

Each practitioner sets their own kinds (a free 15-minute consultation and a 50-minute session,
say), each with its length, fee, the ways it can happen (online, in person or both) and how much
notice it needs. A practitioner who has set none offers what their profile always implied: a
free consultation when they offer one, and a session of their grid's length at their fee. A
consultation is a first conversation to see whether the fit is right; after one, the client is
asked whether it was. Pure logic.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from crossroads.booking.rules.practitioners import room_link
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written

MINUTES = range(10, 241)
NOTICE_HOURS = range(0, 14 * 24 + 1)
MAX_KINDS = 6
MAX_NAME = 60
CONSULTATION_MINUTES = 15
# An online room is shown to both sides from this long before the start until the end.
ROOM_OPENS_BEFORE = timedelta(minutes=10)
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,15}")


class Mode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"


MODE_NAMES = {Mode.ONLINE: "online", Mode.IN_PERSON: "in person"}


@dataclass(frozen=True)
class AppointmentKind:
    """One kind of appointment; `key` names it in forms and addresses, `link` is the
    practitioner's own room for it online (empty: each booking gets a room of its own)."""

    key: str
    name: str
    minutes: int
    fee: int  # in whole units of the practitioner's currency; 0 is free
    online: bool
    in_person: bool
    notice_hours: int = 0
    consultation: bool = False
    link: str = ""

    @property
    def modes(self) -> tuple[Mode, ...]:
        offered = ((Mode.ONLINE, self.online), (Mode.IN_PERSON, self.in_person))
        return tuple(mode for mode, on in offered if on)

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    def earliest_start(self, now: datetime) -> datetime:
        return now + timedelta(hours=self.notice_hours)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "minutes": self.minutes,
            "fee": self.fee,
            "online": self.online,
            "in_person": self.in_person,
            "notice_hours": self.notice_hours,
            "consultation": self.consultation,
            "link": self.link,
        }


def plan_kind(fields: Mapping[str, Any], *, online: bool, in_person: bool) -> AppointmentKind:
    """One kind checked field by field, or InvalidInput naming the field. `online` and
    `in_person` are the ways the practitioner meets at all: a kind offers only those."""
    key = str(fields.get("key", "")).strip().lower()
    if not _KEY.fullmatch(key):
        raise InvalidInput("key", "give each kind a short key of letters, digits and dashes")
    kind = AppointmentKind(
        key=key,
        name=parse_written(
            str(fields.get("name", "")), "name", MAX_NAME, missing="give each kind a name"
        ),
        minutes=_whole(fields.get("minutes"), "minutes", MINUTES, "from 10 to 240 minutes"),
        fee=_whole(fields.get("fee", 0), "fee", range(0, 100_000), "from 0 to 99,999"),
        online=bool(fields.get("online", False)),
        in_person=bool(fields.get("in_person", False)),
        notice_hours=_whole(
            fields.get("notice_hours", 0), "notice_hours", NOTICE_HOURS, "from 0 to 336 hours"
        ),
        consultation=bool(fields.get("consultation", False)),
        link=room_link(str(fields.get("link", "")), "link"),
    )
    if not kind.modes:
        raise InvalidInput("online", f"offer {kind.name} online, in person, or both")
    if kind.online and not online:
        raise InvalidInput("online", "your profile says you do not meet online")
    if kind.in_person and not in_person:
        raise InvalidInput("in_person", "your profile says you do not meet in person")
    return kind


def plan_kinds(
    rows: Iterable[Mapping[str, Any]], *, online: bool, in_person: bool
) -> tuple[AppointmentKind, ...]:
    """A practitioner's kinds: at least one, at most MAX_KINDS, each key once."""
    kinds = tuple(plan_kind(row, online=online, in_person=in_person) for row in rows)
    if not kinds:
        raise InvalidInput("kinds", "offer at least one kind of appointment")
    if len(kinds) > MAX_KINDS:
        raise InvalidInput("kinds", f"offer at most {MAX_KINDS} kinds of appointment")
    keys = [kind.key for kind in kinds]
    if len(set(keys)) != len(keys):
        raise InvalidInput("key", "give each kind its own key")
    return kinds


def implied_kinds(
    *,
    free_consultation: bool,
    session_minutes: int,
    fee: int,
    online: bool,
    in_person: bool,
    link: str = "",
) -> tuple[AppointmentKind, ...]:
    """What a practitioner who has set no kinds offers: their profile's free consultation and
    a session of their grid's length at their fee, in every way they meet, in their own room
    when their profile names one."""
    session = AppointmentKind(
        "session", "Session", session_minutes, fee, online, in_person, consultation=False, link=link
    )
    if not free_consultation:
        return (session,)
    consultation = AppointmentKind(
        "consultation",
        "Free consultation",
        min(CONSULTATION_MINUTES, session_minutes),
        0,
        online,
        in_person,
        consultation=True,
        link=link,
    )
    return consultation, session


def kind_from_dict(data: Mapping[str, Any]) -> AppointmentKind:
    """A kind as stored (`as_dict`), already checked when it was saved."""
    return AppointmentKind(
        key=str(data["key"]),
        name=str(data["name"]),
        minutes=int(data["minutes"]),
        fee=int(data["fee"]),
        online=bool(data["online"]),
        in_person=bool(data["in_person"]),
        notice_hours=int(data.get("notice_hours", 0)),
        consultation=bool(data.get("consultation", False)),
        link=str(data.get("link", "")),
    )


def choose(
    kinds: Iterable[AppointmentKind], key: str, mode: str | None
) -> tuple[AppointmentKind, Mode]:
    """The kind the client picked and how they will meet, or InvalidInput: an unknown kind, or
    a way of meeting the kind does not offer. With one way offered, `mode` may be left out."""
    kind = next((each for each in kinds if each.key == key), None)
    if kind is None:
        raise InvalidInput("kind", "choose one of the kinds of appointment offered")
    if not mode:
        if len(kind.modes) > 1:
            raise InvalidInput("mode", "choose online or in person")
        return kind, kind.modes[0]
    try:
        chosen = Mode(mode)
    except ValueError:
        raise InvalidInput("mode", "choose online or in person") from None
    if chosen not in kind.modes:
        raise InvalidInput("mode", f"{kind.name} is not offered {MODE_NAMES[chosen]}")
    return kind, chosen


def room_open(starts: datetime, ends: datetime, now: datetime) -> bool:
    """Whether an online booking's room is shown now: from ROOM_OPENS_BEFORE the start until
    the end."""
    return starts - ROOM_OPENS_BEFORE <= now < ends


def _whole(value: object, field: str, allowed: range, words: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(field, "write a whole number")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InvalidInput(field, "write a whole number") from None
    if number not in allowed:
        raise InvalidInput(field, f"choose {words}")
    return number


def key_for(name: str, taken: Iterable[str]) -> str:
    """A short key for a kind from its name ("Walk & talk" -> "walk-talk"), made unique among
    `taken` with a number; "kind" for a name with no letters or digits."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    base = "-".join(words)[:13].strip("-") or "kind"
    used = set(taken)
    key, number = base, 2
    while key in used:
        key, number = f"{base}-{number}", number + 1
    return key
