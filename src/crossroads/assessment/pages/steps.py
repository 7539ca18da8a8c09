"""The assessment form and the result page.

Signed in, a result is stored under the person. Anonymous, it is remembered in this browser
(an HttpOnly cookie of ids, each signed under the server's secret) so that signing in later
can claim it; an id without its signature, guessed or copied from an address, claims nothing.
"""

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.assessment.rules.answers import MAX_GOAL_LENGTH, MAX_TEXT_LENGTH, Area
from crossroads.assessment.rules.explained import explain
from crossroads.assessment.rules.form import FULL_FORM, SHORT_FORM, answers_from_form
from crossroads.assessment.rules.instruments import PCPTSD5, PCPTSD5_EXPOSURE
from crossroads.assessment.service.alerts import (
    answer_screener_with_alerts,
    record_assessment_with_alerts,
)
from crossroads.assessment.service.assessments import StoredAssessment, load_assessment
from crossroads.kernel import asq
from crossroads.kernel.errors import InvalidAnswer, Unanswered
from crossroads.security.tokens import claim_proof
from crossroads.web.auth import MAX_UNCLAIMED, UNCLAIMED_COOKIE, RuntimeDep, Viewer, unclaimed_ids
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import asq_from_form, asq_refusal
from crossroads.web.region import crisis_region

router = page_router()

MEASURE_NAMES = {
    "phq9": "PHQ-9 (mood)",
    "gad7": "GAD-7 (worry)",
    "who5": "WHO-5 (wellbeing)",
    "pcptsd5": "PC-PTSD-5 (after a frightening event)",
    "phq2": "PHQ-2 (mood, short)",
    "gad2": "GAD-2 (worry, short)",
}
# Where the error summary sends a person for a whole questionnaire ("phq9", "phq9[3]").
SECTION_IDS = {key: f"section-{key}" for key in MEASURE_NAMES}
DIMENSION_NAMES = {
    "safety": "Your safety",
    "purpose": "Purpose",
    "past_or_future": "Past or future",
    "diagnosis_or_goals": "Diagnosis or goal setting",
    "methods": "Methods",
    "credentials": "Credentials",
    "confidentiality": "Confidentiality",
}


def _form_page(
    request: Request, short: bool, form: dict[str, str], error: InvalidAnswer | None = None
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "assessment/form.html",
        {
            "short": short,
            "instruments": SHORT_FORM if short else FULL_FORM,
            "trauma": PCPTSD5,
            "trauma_exposure": PCPTSD5_EXPOSURE,
            "areas": list(Area),
            "form": form,
            "error": error,
            "unanswered": isinstance(error, Unanswered),
            "section_ids": SECTION_IDS,
            "max_goal": MAX_GOAL_LENGTH,
            "max_text": MAX_TEXT_LENGTH,
        },
        status_code=422 if error else 200,
    )


@router.get("/assessment", response_class=HTMLResponse)
def assessment_form(request: Request, form: str = "full") -> HTMLResponse:
    return _form_page(request, short=form == "short", form={})


@router.post("/assessment", response_class=HTMLResponse)
def submit_assessment(
    request: Request, runtime: RuntimeDep, viewer: Viewer, form: FormFields
) -> Response:
    try:
        raw = answers_from_form(form)
        with runtime.database.transaction() as session:
            stored = record_assessment_with_alerts(
                session,
                runtime.master_keys,
                raw,
                owner=viewer,
                public_url=runtime.settings.public_url,
                region=crisis_region(request, form.get("region") or None),
            )
    except InvalidAnswer as error:
        return _form_page(request, short=form.get("length") == "short", form=form, error=error)
    response = RedirectResponse(f"/assessments/{stored.id}", status_code=303)
    if viewer is None:
        remembered = [*unclaimed_ids(request), stored.id][-MAX_UNCLAIMED:]
        proofs = [f"{each}.{claim_proof(runtime.secret, each)}" for each in remembered]
        response.set_cookie(
            UNCLAIMED_COOKIE,
            ",".join(proofs),
            httponly=True,
            samesite="lax",
            secure=runtime.settings.cookie_secure,
        )
    return response


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment_result(
    request: Request, assessment_id: str, runtime: RuntimeDep, viewer: Viewer
) -> Response:
    with runtime.database.transaction() as session:
        stored = load_assessment(
            session, runtime.master_keys, assessment_id, viewer=viewer, now=datetime.now(UTC)
        )
    return _result_page(request, stored, for_owner=viewer is None or stored.owner_id == viewer.id)


@router.post("/assessments/{assessment_id}/asq", response_class=HTMLResponse)
def answer_assessment_screener(
    request: Request, assessment_id: str, runtime: RuntimeDep, viewer: Viewer, form: FormFields
) -> Response:
    """The assessment's second step: the ASQ's answers join the result, which is assessed
    again (a yes to "right now" turns it into the crisis page)."""
    try:
        with runtime.database.transaction() as session:
            answer_screener_with_alerts(
                session,
                runtime.master_keys,
                assessment_id,
                asq_from_form(form),
                viewer=viewer,
                public_url=runtime.settings.public_url,
                now=datetime.now(UTC),
                region_for=lambda answered: crisis_region(request, answered),
            )
    except InvalidAnswer as error:
        with runtime.database.transaction() as session:
            stored = load_assessment(session, runtime.master_keys, assessment_id, viewer=viewer)
        refused = asq_refusal(form, error)
        return _result_page(request, stored, for_owner=True, asq_error=refused, status=422)
    return RedirectResponse(f"/assessments/{assessment_id}", status_code=303)


def _result_page(
    request: Request,
    stored: StoredAssessment,
    *,
    for_owner: bool,
    asq_error: InvalidAnswer | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The result; `for_owner` adds what its owner can do next (a practitioner reading it
    under a grant is shown the result alone)."""
    context: dict[str, Any] = {
        "assessment_id": stored.id,
        "result": stored.result,
        "created_at": stored.created_at,
        "anonymous": stored.owner_id is None,
        "clinical_left_out": stored.clinical_left_out,
        "explained": explain(stored.result.reasons),
        "for_owner": for_owner,
        "measure_names": MEASURE_NAMES,
        "dimension_names": DIMENSION_NAMES,
        "asq_questions": asq.ITEMS,
        "asq_error": asq_error,
    }
    return templates.TemplateResponse(
        request, "assessment/result.html", context, status_code=status
    )
