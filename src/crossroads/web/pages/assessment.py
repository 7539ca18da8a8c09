"""The assessment form and the result page."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.domain.answers import MAX_GOAL_LENGTH, MAX_TEXT_LENGTH, Area
from crossroads.domain.errors import InvalidAnswer
from crossroads.domain.instruments import PCPTSD5, PCPTSD5_EXPOSURE
from crossroads.services.assessments import load_assessment, record_assessment
from crossroads.web.deps import DatabaseDep, FormFields, templates
from crossroads.web.pages.assessment_form import FULL_FORM, SHORT_FORM, answers_from_form

router = APIRouter()

MEASURE_NAMES = {
    "phq9": "PHQ-9 (mood)",
    "gad7": "GAD-7 (worry)",
    "who5": "WHO-5 (wellbeing)",
    "pcptsd5": "PC-PTSD-5 (after a frightening event)",
    "phq2": "PHQ-2 (mood, short)",
    "gad2": "GAD-2 (worry, short)",
}
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
            "max_goal": MAX_GOAL_LENGTH,
            "max_text": MAX_TEXT_LENGTH,
        },
        status_code=422 if error else 200,
    )


@router.get("/assessment", response_class=HTMLResponse)
def assessment_form(request: Request, form: str = "full") -> HTMLResponse:
    return _form_page(request, short=form == "short", form={})


@router.post("/assessment", response_class=HTMLResponse)
def submit_assessment(request: Request, database: DatabaseDep, form: FormFields) -> Response:
    try:
        raw = answers_from_form(form)
        with database.transaction() as session:
            stored = record_assessment(session, raw)
    except InvalidAnswer as error:
        return _form_page(request, short=form.get("length") == "short", form=form, error=error)
    return RedirectResponse(f"/assessments/{stored.id}", status_code=303)


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment_result(request: Request, assessment_id: str, database: DatabaseDep) -> Response:
    with database.transaction() as session:
        stored = load_assessment(session, assessment_id)
    context: dict[str, Any] = {
        "result": stored.result,
        "created_at": stored.created_at,
        "measure_names": MEASURE_NAMES,
        "dimension_names": DIMENSION_NAMES,
    }
    return templates.TemplateResponse(request, "assessment/result.html", context)
