"""Who a person is to every feature: their account as the use cases see it, their role, and
the day it is where they live (their time zone, or UTC when it is unknown)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from crossroads.kernel.errors import InvalidInput


class Role(StrEnum):
    CLIENT = "client"
    PRACTITIONER = "practitioner"
    ADMIN = "admin"


@dataclass(frozen=True)
class Person:
    id: str
    email: str
    display_name: str
    role: Role
    totp_enabled: bool
    created_at: datetime
    time_zone: str = "UTC"
    check_in_reminders: bool = True
    region: str | None = None  # whose crisis lines to show first; see kernel/regions.py
    subdivision: str | None = None  # "US-NY": whose licences hold there; kernel/jurisdictions.py

    @property
    def needs_second_factor(self) -> bool:
        """Practitioners and admins must use one; clients may choose to."""
        return self.role is not Role.CLIENT or self.totp_enabled

    @property
    def label(self) -> str:
        """How this person appears in someone else's access log."""
        return f"{self.display_name} <{self.email}> ({self.role})"


def zone_of(person: Person) -> ZoneInfo:
    try:
        return ZoneInfo(person.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day `moment` falls on where the person lives: a check-in at 23:30 in
    London is already the next day in Tokyo."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment.astimezone(zone).date()


def local_today(person: Person, now: datetime) -> date:
    return local_day(now, zone_of(person))


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(available_timezones()))


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidInput("email", "must be an email address such as name@example.org")
    return email
