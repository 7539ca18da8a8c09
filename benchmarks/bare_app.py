"""The baseline for the HTTP benchmark: the same framework and server, one endpoint that
returns a constant and does nothing else."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def constant() -> dict[str, bool]:
    return {"ok": True}
