"""When a scheduled retake of a questionnaire falls due, and when to remind of it."""

from datetime import date, timedelta

RETAKE_CHOICES = (7, 14, 28, 56, 91)  # weekly, fortnightly, four-weekly, eight-weekly, quarterly
MIN_RETAKE_DAYS, MAX_RETAKE_DAYS = 7, 365  # the questionnaires ask about the last 2-4 weeks


def retake_due_on(every_days: int, last_taken: date | None, set_on: date) -> date:
    """The day a scheduled retake falls due: `every_days` after the last time it was taken,
    or at once when it never was."""
    if last_taken is None:
        return set_on
    return last_taken + timedelta(days=every_days)


def retake_reminder_due(due_on: date, today: date, reminded_for: date | None) -> bool:
    """Remind once per due day: when it has come and that due day was not reminded of yet."""
    return due_on <= today and reminded_for != due_on
