"""The crisis lines on their own (`/help-now`), and what a page does with the risk screen of
what a person wrote, level by level.

- `acute`: the crisis page: lines and the safety plan first, then, when the person is ready, a
  path to therapists. What was written is saved either way.
- `check` or `urgent`: the check page: the lines compactly on top and the ASQ asked, with a way
  on to where the person was going. Its answer (`POST /safety-check`) is not stored; a yes to
  "right now" brings the crisis page, any other yes the lines, the safety plan and therapists.
- `none`: on to where the person was going.
Whatever a person wrote is read even when the form comes back with a mistake in it, because
the words matter more than the form.
"""

from collections.abc import Mapping
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.kernel import asq
from crossroads.kernel.errors import InvalidAnswer, Unanswered
from crossroads.kernel.resources import resources_for
from crossroads.kernel.risk import RiskLevel, RiskScreen
from crossroads.text.classification import screen_writing
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.region import crisis_region, region_for_lines

router = page_router()

NOT_WRITTEN = frozenset({"csrf_token"})
THERAPISTS = "/practitioners?kind=therapist"


def crisis_page(
    request: Request, *, saved: bool, then: str | None = None, region: str | None = None
) -> HTMLResponse:
    """`region` is one the person answered elsewhere (an assessment), for the lines."""
    context = {**_lines(request, then, region), "saved": saved, "therapists": THERAPISTS}
    return templates.TemplateResponse(request, "safety/crisis.html", context)


def check_page(
    request: Request,
    *,
    saved: bool,
    then: str | None,
    error: InvalidAnswer | None = None,
    region: str | None = None,
) -> HTMLResponse:
    """The lines on top, the ASQ below them, and the way on."""
    context = {
        **_lines(request, then, region),
        "saved": saved,
        "questions": asq.ITEMS,
        "error": error,
    }
    return templates.TemplateResponse(
        request, "safety/check.html", context, status_code=422 if error else 200
    )


def after_screen(
    request: Request, screen: RiskScreen, then: str, *, region: str | None = None
) -> Response:
    """For writing or answers that were saved: the page its level asks for, or on to `then`.
    `region` is one the person answered in an assessment, for the lines."""
    page = _page_for(request, screen, saved=True, then=then, region=region)
    return page or RedirectResponse(then, status_code=303)


def crisis_if_at_risk(
    request: Request, form: Mapping[str, str] | Mapping[str, list[str]]
) -> HTMLResponse | None:
    """For a form that was refused (nothing was saved): the crisis or check page when anything
    written in it asks for one, else None."""
    texts = {}
    for name, value in form.items():
        if name in NOT_WRITTEN:
            continue
        texts[name] = value if isinstance(value, str) else "\n".join(value)
    return _page_for(request, screen_writing(texts), saved=False, then=None)


def _page_for(
    request: Request,
    screen: RiskScreen,
    *,
    saved: bool,
    then: str | None,
    region: str | None = None,
) -> HTMLResponse | None:
    """The crisis page for `acute`, the check page for `check` or `urgent`, else None."""
    if screen.acute:
        return crisis_page(request, saved=saved, then=then, region=region)
    if screen.flagged:
        return check_page(request, saved=saved, then=then, region=region)
    return None


@router.post("/safety-check", response_class=HTMLResponse)
def answer_safety_check(
    request: Request, form: FormFields, then: Annotated[str, Form(max_length=500)] = ""
) -> Response:
    """The ASQ asked on the check page, scored by its published rule and not stored."""
    try:
        answers = asq.parse_asq(asq_from_form(form))
    except InvalidAnswer as error:
        return check_page(request, saved=True, then=then, error=asq_refusal(form, error))
    assert answers is not None  # noqa: S101  (asq_from_form always gives an object)
    level = asq.score_asq(answers).level
    if level is RiskLevel.ACUTE:
        return crisis_page(request, saved=True, then=then)
    if level is RiskLevel.URGENT:
        context = {**_lines(request, then, None), "therapists": THERAPISTS}
        return templates.TemplateResponse(request, "safety/urgent.html", context)
    return RedirectResponse(_local(then) or "/", status_code=303)


def asq_from_form(form: Mapping[str, str]) -> dict[str, bool | None]:
    """The ASQ's radio buttons ("yes"/"no") as the input object; a question left unanswered
    stays out, so the parser names it."""
    answers: dict[str, bool | None] = {}
    for key, _ in asq.ITEMS:
        value = form.get(f"asq_{key}", "")
        if value in ("yes", "no"):
            answers[key] = value == "yes"
    if not any(answers.get(key) for key, _ in asq.SCREENING_ITEMS):
        answers.setdefault(asq.ACUITY_ITEM[0], None)
    return answers


def asq_refusal(form: Mapping[str, str], error: InvalidAnswer) -> InvalidAnswer:
    """What the parser refused in the ASQ's form, as Unanswered naming every question left
    without an answer (by its radio buttons' name, the first four always and the fifth after
    any yes, as the toolkit asks), or `error` itself when none was left."""
    answers = asq_from_form(form)
    gaps = [
        (f"asq_{key}", f"question {number} has no answer")
        for number, (key, _) in enumerate(asq.ITEMS, 1)
        if key not in answers
    ]
    if not gaps:
        return error
    (field, problem), *more = gaps
    return Unanswered(field, problem, also=more)


def _lines(request: Request, then: str | None, region: str | None) -> dict[str, object]:
    """What every page here shows: the lines for where the person is, and a safe way on."""
    return {"resources": resources_for(crisis_region(request, region)), "then": _local(then)}


def _local(then: str | None) -> str | None:
    """Only a path on this site may be followed on: never another site's address."""
    if then and then.startswith("/") and not then.startswith("//"):
        return then
    return None


@router.get("/help-now", response_class=HTMLResponse)
def help_now(request: Request, region: str | None = None) -> HTMLResponse:
    resources = resources_for(region_for_lines(request, region))
    return templates.TemplateResponse(
        request, "safety/help_now.html", {"resources": resources, "region": resources[0].region}
    )
