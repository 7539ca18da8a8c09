"""Build the FastAPI application: routes, templates, static files and security headers."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from crossroads.accounts import api as me_api
from crossroads.accounts.pages import account, signing_in, two_factor
from crossroads.assessment.api import assessments as assessments_api
from crossroads.assessment.api import measures as measures_api
from crossroads.assessment.pages import steps as assessment
from crossroads.assessment.pages import trends as measures
from crossroads.booking import api as practitioners_api
from crossroads.booking.pages import appointments, book, bookings, my_listing
from crossroads.booking.pages import directory as practitioners
from crossroads.care_team import api as care_team_api
from crossroads.care_team import pages as care_team
from crossroads.casework.api import caseload as caseload_api
from crossroads.casework.api import records as records_api
from crossroads.casework.api import referrals as referrals_api
from crossroads.casework.pages import clients, homework, progress_report, records, referrals
from crossroads.coaching.api import conversations as conversations_api
from crossroads.coaching.api import goals as goals_api
from crossroads.coaching.pages import coach_input, goals, grow
from crossroads.coaching.pages import experiments as goal_experiments
from crossroads.guides import pages as guides
from crossroads.journal.api import entries as journal_api
from crossroads.journal.pages import entries as journal
from crossroads.journal.pages import exercises, right_now
from crossroads.journal.pages import insights as journal_insights
from crossroads.journal.pages import transfer as journal_transfer
from crossroads.messaging import api as messages_api
from crossroads.messaging import pages as messages
from crossroads.platform.config import Settings
from crossroads.platform.runtime import Runtime, open_runtime
from crossroads.safety_plan import api as safety_plan_api
from crossroads.safety_plan.pages import plan as safety
from crossroads.sharing import api as sharing_api
from crossroads.sharing import pages as sharing
from crossroads.trusted_people import api as trusted_people_api
from crossroads.trusted_people import pages as trusted_people
from crossroads.web import errors
from crossroads.web.api import classify as classify_api
from crossroads.web.api import health as health_api
from crossroads.web.csrf import CsrfCookie
from crossroads.web.headers import SecurityHeaders
from crossroads.web.limits import BodyLimit
from crossroads.web.pages import admin, crisis, home
from crossroads.web.request_log import RequestLog

STATIC = Path(__file__).parent / "web" / "static"
PAGE_ROUTERS = (
    home.router,
    assessment.router,
    safety.router,
    crisis.router,
    signing_in.router,
    account.router,
    two_factor.router,
    sharing.router,
    trusted_people.router,
    clients.router,
    goals.router,
    goal_experiments.router,
    coach_input.router,
    grow.router,
    journal_insights.router,
    right_now.router,
    journal_transfer.router,
    exercises.router,
    journal.router,
    measures.router,
    progress_report.router,
    homework.router,
    records.router,
    practitioners.router,
    my_listing.router,
    appointments.router,
    book.router,
    bookings.router,
    referrals.router,
    care_team.router,
    messages.router,
    guides.router,
    admin.router,
)
API_ROUTERS = (
    health_api.router,
    assessments_api.router,
    me_api.router,
    sharing_api.router,
    sharing_api.clients_router,
    trusted_people_api.router,
    classify_api.router,
    goals_api.router,
    goals_api.clients_router,
    conversations_api.router,
    journal_api.router,
    measures_api.router,
    caseload_api.router,
    practitioners_api.router,
    referrals_api.router,
    care_team_api.router,
    care_team_api.caseload_router,
    records_api.router,
    messages_api.router,
    safety_plan_api.router,
)


def _favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=308)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """The app for `runtime`, or for `settings` (read from the environment when omitted)."""
    runtime = runtime or open_runtime(settings or Settings(), serving=True)
    app = FastAPI(
        title="Crossroads",
        version="1",
        summary="Therapy, coaching or both: the fit assessment, sharing and your data.",
        # The bundled docs pages load scripts from a CDN, which our CSP forbids; the schema stays.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.runtime = runtime
    app.add_middleware(CsrfCookie, secure=runtime.settings.cookie_secure)
    app.add_middleware(BodyLimit)
    app.add_middleware(errors.ServerErrors)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Browsers and crawlers ask for /favicon.ico whatever a page links; ours is an SVG.
    app.add_api_route("/favicon.ico", _favicon, methods=["GET"], include_in_schema=False)
    for router in (*PAGE_ROUTERS, *API_ROUTERS):
        app.include_router(router)
    errors.install(app)
    return app
