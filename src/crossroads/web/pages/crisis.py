"""The crisis lines at once, for pages where a person writes. Whatever they wrote is read by the
crisis check even when the form comes back with a mistake in it, because the words matter more
than the form."""

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.domain.resources import resources_for
from crossroads.services.classification import screen_writing
from crossroads.web.deps import templates

NOT_WRITTEN = frozenset({"csrf_token"})


def crisis_page(request: Request, *, saved: bool, then: str | None = None) -> HTMLResponse:
    context = {"resources": resources_for(None), "then": then, "saved": saved}
    return templates.TemplateResponse(request, "goals/crisis.html", context)


def crisis_if_at_risk(
    request: Request, form: Mapping[str, str] | Mapping[str, list[str]]
) -> HTMLResponse | None:
    """For a form that was refused: the crisis page when anything written in it shows risk
    (nothing was saved), else None."""
    texts = {}
    for name, value in form.items():
        if name in NOT_WRITTEN:
            continue
        texts[name] = value if isinstance(value, str) else "\n".join(value)
    if screen_writing(texts).at_risk:
        return crisis_page(request, saved=False)
    return None
