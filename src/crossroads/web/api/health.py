"""/healthz: the process is alive. /readyz: it can serve, with the database reachable and
migrated; 503 otherwise, so that a load balancer holds traffic back."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from crossroads.platform.health import readiness
from crossroads.web.auth import RuntimeDep

router = APIRouter(tags=["health"], include_in_schema=False)


@router.get("/healthz")
def alive() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/readyz")
def ready(runtime: RuntimeDep) -> JSONResponse:
    found = readiness(runtime.database)
    body = {
        "status": "ready" if found.ready else "not ready",
        "database": found.database,
        "schema": found.schema,
    }
    return JSONResponse(body, status_code=200 if found.ready else 503)
