"""Errors the domain raises; `web/errors.py` and the CLI decide how each is shown."""


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""


class InvalidAnswer(DomainError):
    """One input field is missing its shape or range; `field` names it as the person sent it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class AssessmentNotFound(DomainError):
    """No stored assessment has the requested id."""

    def __init__(self, assessment_id: str) -> None:
        super().__init__(f"no assessment with id {assessment_id}")
        self.assessment_id = assessment_id


class NotAllowed(DomainError):
    """The person asking has no right to this: not theirs, and no standing grant."""


class ConsentMissing(NotAllowed):
    """A practitioner asked for a client's data without a standing grant for that area."""
