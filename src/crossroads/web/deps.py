"""Request-scoped helpers shared by pages: the templates and the submitted form.

Handlers open `runtime.database.transaction()` themselves, so the commit happens before the
response is sent and a redirect never points at a row that is not there yet.
"""

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from crossroads.kernel.resources import REGION_NAMES, REGIONS
from crossroads.web.csrf import csrf_field

PACKAGE = Path(__file__).parents[1]
# The shared templates (the base page, macros, charts, errors) and each feature's own folder;
# a template's name, such as "goals/detail.html", is unique across them all.
TEMPLATE_FOLDERS = [PACKAGE / "web" / "templates", *sorted(PACKAGE.glob("*/templates"))]
templates = Jinja2Templates(directory=list(dict.fromkeys(TEMPLATE_FOLDERS)))
templates.env.globals["regions"] = REGIONS
templates.env.globals["region_names"] = REGION_NAMES
templates.env.globals["csrf_field"] = csrf_field
# Jinja's own `capitalize` lower-cases the rest, which would turn "GAD-7" into "gad-7".
templates.env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]


def long_date(value: date | str) -> str:
    """ "4 March 2027", from a date or from the ISO text stored in a result."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day.day} {day:%B %Y}"


templates.env.filters["long_date"] = long_date
# Keys in their display names, in order: {{ profile.languages | names(languages) }}.
templates.env.filters["names"] = lambda keys, names: ", ".join(names.get(k, k) for k in keys)


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted form's text fields, read before a synchronous handler runs."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(form_fields)]


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Every value of every field, for checkbox groups."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


FormLists = Annotated[dict[str, list[str]], Depends(form_lists)]
