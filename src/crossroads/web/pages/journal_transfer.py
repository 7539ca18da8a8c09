"""A person takes their journal out as a file, or brings their history in from one: our CSV or
JSON, or Daylio's CSV export with their own mood names mapped to numbers. The journal service
screens imported words (a Daylio note too) like any entry's."""

from datetime import UTC, datetime

from fastapi import Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from crossroads.domain.errors import ImportProblems, InvalidInput
from crossroads.services import journal
from crossroads.services.journal_transfer import FileFormat, entries_from_file, file_of
from crossroads.services.screening import screen_of_all
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.limits import MAX_BODY_BYTES
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen

router = page_router()
MEDIA = {FileFormat.CSV: "text/csv", FileFormat.JSON: "application/json"}


@router.get("/journal/transfer", response_class=HTMLResponse)
def transfer_page(request: Request, client: Client, imported: int | None = None) -> HTMLResponse:
    return _page(request, imported=imported)


def _page(
    request: Request,
    *,
    imported: int | None = None,
    problems: list[tuple[int, str]] | None = None,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    context = {
        "imported": imported,
        "problems": problems or [],
        "error": error,
        "largest_kb": MAX_BODY_BYTES // 1024,
    }
    return templates.TemplateResponse(request, "journal/transfer.html", context, status_code=status)


@router.get("/journal/export.{extension}")
def export(extension: str, runtime: RuntimeDep, client: Client) -> Response:
    try:
        file_format = FileFormat(extension)
        with runtime.database.transaction() as session:
            entries = [s.entry for s in journal.journal_of(session, runtime.master_keys, client)]
        body = file_of(entries, file_format)
    except (ValueError, InvalidInput):
        return Response("Export as csv or json.", status_code=404)
    return Response(
        body,
        media_type=MEDIA[file_format],
        headers={"content-disposition": f'attachment; filename="journal.{extension}"'},
    )


@router.post("/journal/import", response_class=HTMLResponse)
async def bring_in(
    request: Request, file: UploadFile, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    try:
        try:
            text = (await file.read()).decode("utf-8-sig")
            file_format = FileFormat(form.get("format", ""))
        except UnicodeDecodeError:
            raise InvalidInput("file", "the file is not UTF-8 text") from None
        except ValueError:
            raise InvalidInput("format", "choose our CSV, our JSON or Daylio's CSV") from None
        entries = entries_from_file(text, file_format, form.get("mood_map", ""), client)
        with runtime.database.transaction() as session:
            added = journal.add_entries(
                session, runtime.master_keys, client, entries, datetime.now(UTC)
            )
    except ImportProblems as problems:
        return _page(request, problems=problems.problems, status=422)
    except InvalidInput as error:
        return _page(request, error=str(error), status=422)
    screen = screen_of_all(each.screen for each in added)
    return after_screen(request, screen, f"/journal/transfer?imported={len(added)}")
