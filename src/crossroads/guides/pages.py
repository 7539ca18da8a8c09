"""The guides: the list with a line on each, and one guide's page. Open to everyone."""

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.booking.rules.practitioners import PractitionerKind
from crossroads.guides.rules import GUIDES, QuestionList, questions_for
from crossroads.guides.service import read_guide
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()


def consultation_questions(kind: str) -> tuple[QuestionList, ...]:
    """The questions for a practitioner kind named as text ("therapist", "coach", "both")."""
    return questions_for(PractitionerKind(kind))


# guides/_questions.html reads the questions through this global, so any page (a booking's
# confirmation, say) can include it with no more than a `kind` in its context.
templates.env.globals["consultation_questions"] = consultation_questions


@router.get("/guides", response_class=HTMLResponse)
def guides(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "guides/index.html", {"guides": GUIDES})


@router.get("/guides/{slug}", response_class=HTMLResponse)
def guide(request: Request, slug: str) -> HTMLResponse:
    read = read_guide(slug)
    return templates.TemplateResponse(request, "guides/guide.html", {"read": read})
