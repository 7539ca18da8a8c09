"""Weeks as people count them here: Monday first, in whatever zone the day was read in. Pure."""

from datetime import date, timedelta


def monday_of(day: date) -> date:
    """The Monday that begins the week holding `day`."""
    return day - timedelta(days=day.weekday())
