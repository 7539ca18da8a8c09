"""The start page: what therapy and coaching are, and where to begin."""

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "home/start.html")
