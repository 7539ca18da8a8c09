"""Which region's crisis lines a page shows first: the signed-in person's saved region, then
what they answered in the assessment, then the browser's language, then their time zone."""

from fastapi import Request

from crossroads.kernel.people import Person
from crossroads.kernel.regions import resolve_region


def crisis_region(request: Request, answered: str | None = None) -> str | None:
    """The region for this request's crisis lines; None where nothing says (the international
    lines then). `answered` is the region given in an assessment, when the page has one.
    Page routes only: they know who is signed in (see `web/auth.load_viewer`)."""
    person: Person | None = getattr(request.state, "viewer", None)
    return resolve_region(
        account=person.region if person else None,
        answered=answered,
        accept_language=request.headers.get("accept-language"),
        time_zone=person.time_zone if person else None,
    )


def region_for_lines(request: Request, chosen: str | None) -> str | None:
    """A region the person chose on the page wins; otherwise what we know of where they are."""
    chosen = (chosen or "").strip()
    return chosen or crisis_region(request)
