"""Server-rendered pages, one module per feature."""

from fastapi import APIRouter, Depends

from crossroads.web.auth import load_viewer
from crossroads.web.csrf import verify_csrf


def page_router() -> APIRouter:
    """A router whose pages know who is signed in and refuse forms without a CSRF token."""
    return APIRouter(dependencies=[Depends(load_viewer), Depends(verify_csrf)])
