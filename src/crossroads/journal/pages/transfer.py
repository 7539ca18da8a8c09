"""A person takes their journal out as a file, or brings their history in from one: our CSV or
JSON, or Daylio's CSV export with their own mood names mapped to numbers. The journal service
screens imported words (a Daylio note too) like any entry's. A large file is added in the
background while a progress page, which works without scripts, shows how far it has come.

Every handler here is a plain `def`, so reading, classifying and writing run in the thread
pool and never on the event loop that answers everyone else."""

from datetime import UTC, datetime

from fastapi import BackgroundTasks, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.journal.service import entries as journal
from crossroads.journal.service.imports import MOST_ENTRIES, bring_in, progress_of, run_import
from crossroads.journal.service.transfer import (
    MAX_FILE_BYTES,
    FileFormat,
    entries_from_file,
    file_of,
    file_text,
)
from crossroads.kernel.errors import ImportProblems, InvalidInput
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen

router = page_router()
MEDIA = {FileFormat.CSV: "text/csv", FileFormat.JSON: "application/json"}
REFRESH_SECONDS = 5  # how often the progress page reloads itself, unless asked to stay still


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
        "largest_kb": MAX_FILE_BYTES // 1024,
        "most_entries": MOST_ENTRIES,
    }
    return templates.TemplateResponse(request, "journal/transfer.html", context, status_code=status)


@router.get("/journal/export.{extension}")
def export(extension: str, runtime: RuntimeDep, client: Client) -> Response:
    try:
        file_format = FileFormat(extension)
        with runtime.database.reading() as session:
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
def bring_file_in(
    request: Request,
    file: UploadFile,
    runtime: RuntimeDep,
    client: Client,
    form: FormFields,
    background: BackgroundTasks,
) -> Response:
    try:
        text = file_text(file.file.read(MAX_FILE_BYTES + 1))
        try:
            file_format = FileFormat(form.get("format", ""))
        except ValueError:
            raise InvalidInput("format", "choose our CSV, our JSON or Daylio's CSV") from None
        mood_map = form.get("mood_map", "")
        entries = entries_from_file(text, file_format, mood_map, client, MOST_ENTRIES)
        brought = bring_in(runtime.database, runtime.master_keys, client, entries, _now())
    except ImportProblems as problems:
        return _page(request, problems=problems.problems, status=422)
    except InvalidInput as error:
        return _page(request, error=str(error), status=422)
    if brought.import_id is not None:
        # Run after the answer is sent, in the thread pool; the page follows it from there.
        background.add_task(run_import, runtime.database, runtime.master_keys, brought.import_id)
        return RedirectResponse(f"/journal/imports/{brought.import_id}", status_code=303)
    return after_screen(request, brought.screen, f"/journal/transfer?imported={brought.added}")


@router.get("/journal/imports/{import_id}", response_class=HTMLResponse)
def import_progress(
    request: Request,
    import_id: str,
    runtime: RuntimeDep,
    client: Client,
    background: BackgroundTasks,
    still: bool = False,
) -> Response:
    """How far a background import has come. Done, it moves on as a small import does: to the
    crisis page first if the words ask for it. One that nobody is adding (its process ended)
    is taken up again by the next look at this page."""
    with runtime.database.reading() as session:
        progress = progress_of(session, runtime.master_keys, client, import_id, _now())
    if progress.done:
        then = f"/journal/transfer?imported={progress.added}"
        return after_screen(request, progress.screen, then)
    if progress.stalled:
        background.add_task(run_import, runtime.database, runtime.master_keys, import_id)
    context = {
        "progress": progress,
        "refresh": None if still or progress.failed else REFRESH_SECONDS,
        "here": f"/journal/imports/{import_id}",
    }
    return templates.TemplateResponse(request, "journal/import_progress.html", context)


def _now() -> datetime:
    return datetime.now(UTC)
