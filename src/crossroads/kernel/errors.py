"""Errors the domain and services raise; `web/errors.py` and the CLI decide how each is shown."""

from collections.abc import Sequence
from datetime import datetime

MAX_PROBLEMS = 20  # problems listed for an imported file; the rest are counted


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""


class InvalidInput(DomainError):
    """One input field is missing its shape or range; `field` names it as the person sent it.
    `also` names more fields refused at once, so that a form can list every gap, not only the
    first; `by_field` holds them all, the first first."""

    def __init__(self, field: str, problem: str, *, also: Sequence[tuple[str, str]] = ()) -> None:
        self.by_field = ((field, problem), *also)
        super().__init__("; ".join(f"{name}: {said}" for name, said in self.by_field))
        self.field = field
        self.problem = problem


class InvalidAnswer(InvalidInput):
    """An answer to the fit assessment is out of shape or range."""


class Unanswered(InvalidAnswer):
    """Questions left without an answer in a questionnaire the person started, every one of
    them, each under the name of its form field."""


class NotFound(DomainError):
    """Nothing the asker may see has this id. Also raised where the thing exists but is not
    theirs, so that its existence does not leak."""


class AssessmentNotFound(NotFound):
    """No stored assessment the asker may see has the requested id."""

    def __init__(self, assessment_id: str) -> None:
        super().__init__(f"no assessment with id {assessment_id}")
        self.assessment_id = assessment_id


class NotAllowed(DomainError):
    """The person asking has no right to this: not theirs, and no standing grant."""


class ConsentMissing(NotAllowed):
    """A practitioner asked for a client's data without a standing grant for that area."""


class EmailTaken(InvalidInput):
    def __init__(self) -> None:
        super().__init__("email", "an account with this email already exists")


class SignInFailed(DomainError):
    """Wrong email or password; deliberately vague, so that accounts cannot be discovered."""


class SignInLocked(DomainError):
    """Too many failed attempts; sign-in is paused for this account or this address."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"sign-in is paused until {until:%H:%M} UTC")
        self.until = until


class SecondFactorFailed(DomainError):
    """The one-time code is wrong or expired."""


class ResetTokenInvalid(DomainError):
    """The password reset link is unknown, used or expired."""


class SlotTaken(DomainError):
    """Someone else has just booked this time with this practitioner."""

    def __init__(self) -> None:
        super().__init__("this time has just been taken; please choose another")


class RateLimited(DomainError):
    """Too many of one thing in too short a time (messages, enquiries); `retry_after` is how
    many seconds until the next one is taken, and the message says what the limit is."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class TooLateToChange(DomainError):
    """A booking can no longer be cancelled or moved by the client this close to its start."""

    def __init__(self, hours: int) -> None:
        super().__init__(
            f"bookings can be changed up to {hours} hours before they start; "
            "please contact the practitioner"
        )
        self.hours = hours


class ImportProblems(InvalidInput):
    """What is wrong with an imported file: `problems` pairs a row number as a spreadsheet shows
    it (the header is row 1; in JSON, the entry's place from 1; 0 for the file as a whole) with
    what is wrong there. Only the first MAX_PROBLEMS are kept; `more` counts the rest."""

    def __init__(self, problems: Sequence[tuple[int, str]], unit: str = "row") -> None:
        shown = sorted(problems)[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        lines = [f"{unit} {number}: {text}" if number else text for number, text in shown]
        if more:
            lines.append(f"and {more} more {'problem' if more == 1 else 'problems'}")
        super().__init__("file", "; ".join(lines))
        self.problems = shown
        self.more = more
