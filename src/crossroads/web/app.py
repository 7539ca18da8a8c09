"""Build the FastAPI application: routes, templates, static files and security headers."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from crossroads.config import Settings
from crossroads.services.database import Database, open_database
from crossroads.web import errors
from crossroads.web.api import assessments as assessments_api
from crossroads.web.headers import SecurityHeaders
from crossroads.web.pages import assessment, home, safety

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """The app for `settings` (read from the environment when omitted)."""
    settings = settings or Settings()
    app = FastAPI(
        title="Crossroads",
        version="1",
        summary="Therapy, coaching or both: the fit assessment and its results.",
        # The bundled docs pages load scripts from a CDN, which our CSP forbids; the schema stays.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.database = database or open_database(settings)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (home.router, assessment.router, safety.router, assessments_api.router):
        app.include_router(router)
    errors.install(app)
    return app
