"""POST /api/v1/classify/{task}: the text classifiers, in the CLI's classify format."""

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from crossroads.text.classification import MAX_TEXT_CHARS, Task, classify_items, parse_batch
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiPerson

router = APIRouter(prefix="/api/v1", tags=["classify"], route_class=CheckedJsonRoute)

MAX_ITEMS = 64


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: StrictStr | StrictInt
    text: StrictStr = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class ClassifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    items: list[ItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class ResultOut(BaseModel):
    id: str | int
    label: str
    scores: dict[str, float]
    level: Literal["none", "check", "acute"] | None = Field(
        None, description="crisis only: the risk level; the label is crisis unless none"
    )
    evidence: list[str]


class ClassifyOut(BaseModel):
    task: Task
    results: list[ResultOut]


@router.post("/classify/{task}", response_model=ClassifyOut, response_model_exclude_none=True)
def classify(task: Task, body: ClassifyIn, person: ApiPerson) -> dict[str, Any]:
    """Label each text with a probability per label and the sentences or phrases behind it.
    Any API token may call it; ids must be distinct; nothing sent here is stored."""
    items = parse_batch([item.model_dump() for item in body.items])
    return {"task": task, "results": classify_items(task, items)}
