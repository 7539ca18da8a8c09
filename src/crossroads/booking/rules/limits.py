"""How far ahead, and how many bookings at once, one client may hold: so that one person cannot
take a practitioner's every free hour, nor book years ahead. And how long the note with a
booking may be.

Pure rules; the counts come from the store and the limits from the settings.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written

MAX_NOTE = 1000  # characters in the note a client writes with a booking


@dataclass(frozen=True)
class BookingLimits:
    """The defaults are the settings' defaults (platform/config.py): weekly sessions for a month
    with one practitioner, and room to try a few practitioners at the same time."""

    horizon_days: int = 90
    per_practitioner: int = 4
    overall: int = 8

    def latest_start(self, now: datetime) -> datetime:
        return now + timedelta(days=self.horizon_days)


def check_horizon(limits: BookingLimits, starts: datetime, now: datetime) -> None:
    """Refuse a time beyond the booking horizon, however far (9999-12-31 included)."""
    if starts > limits.latest_start(now):
        raise InvalidInput(
            "starts",
            f"bookings open at most {limits.horizon_days} days ahead; "
            f"choose a time before {limits.latest_start(now):%-d %B %Y}",
        )


def check_room_for_booking(limits: BookingLimits, *, with_practitioner: int, overall: int) -> None:
    """Refuse one more booking when the client already holds as many upcoming ones as allowed,
    with this practitioner or in all."""
    if with_practitioner >= limits.per_practitioner:
        raise InvalidInput(
            "starts",
            f"you already have {with_practitioner} upcoming bookings with this practitioner, "
            f"the most one person may hold at a time ({limits.per_practitioner}); "
            "you can book again once one has taken place or been cancelled",
        )
    if overall >= limits.overall:
        raise InvalidInput(
            "starts",
            f"you already have {overall} upcoming bookings, the most one person may hold at a "
            f"time ({limits.overall}); you can book again once one has taken place or been "
            "cancelled",
        )


def booking_note(text: str) -> str:
    """The note a client writes with a booking, trimmed, or InvalidInput when too long."""
    return parse_written(text, "note", MAX_NOTE)
