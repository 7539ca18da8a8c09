"""Request-scoped helpers shared by pages: the templates and the submitted form.

Handlers open `runtime.database.transaction()` themselves, so the commit happens before the
response is sent and a redirect never points at a row that is not there yet.
"""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from crossroads.kernel.resources import REGION_NAMES, REGIONS
from crossroads.kernel.zones import places, zone_label
from crossroads.web import times
from crossroads.web.csrf import csrf_field
from crossroads.web.fields import field_problems

PACKAGE = Path(__file__).parents[1]
# The shared templates (the base page, macros, charts, errors) and each feature's own folder;
# a template's name, such as "goals/detail.html", is unique across them all.
TEMPLATE_FOLDERS = [PACKAGE / "web" / "templates", *sorted(PACKAGE.glob("*/templates"))]
templates = Jinja2Templates(directory=list(dict.fromkeys(TEMPLATE_FOLDERS)))
templates.env.globals["regions"] = REGIONS
templates.env.globals["region_names"] = REGION_NAMES
templates.env.globals["csrf_field"] = csrf_field
templates.env.globals["zone_places"] = places()  # the time zone field's list (accounts/)
templates.env.globals["field_problems"] = field_problems
# Jinja's own `capitalize` lower-cases the rest, which would turn "GAD-7" into "gad-7".
templates.env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]

Shown = TypeVar("Shown", date, datetime, str)


def _as_read(show: Callable[[Shown, ZoneInfo, str], str]) -> Callable[[Context, Shown], str]:
    """A filter that shows a date or moment in the reader's zone and date format (web/times.py):
    {{ booking.starts | full_date_time }}. Templates print no time any other way."""

    @pass_context
    def as_read(context: Context, value: Shown) -> str:
        request = context.get("request")
        return show(value, times.reader_zone(request), times.reader_locale(request))

    return as_read


templates.env.filters["long_date"] = _as_read(times.long_date)  # 4 March 2027
templates.env.filters["full_date"] = _as_read(times.full_date)  # Thursday, 4 March 2027
templates.env.filters["clock_time"] = _as_read(times.clock_time)  # 14:30 (New York time)
templates.env.filters["date_time"] = _as_read(times.date_and_time)  # 4 March 2027 at 14:30 (...)
templates.env.filters["full_date_time"] = _as_read(times.full_date_and_time)
templates.env.filters["short_time"] = _as_read(times.short_time)  # 14:30, its zone named nearby


@pass_context
def your_zone(context: Context) -> str:
    """ "New York time" (or "UTC"): what times on the page are in, to name once nearby."""
    return zone_label(times.reader_zone(context.get("request")).key)


templates.env.globals["your_zone"] = your_zone
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
