"""Referrals as pages: a practitioner suggests another kind of help from a client's page; the
client reads the reason on /referrals, chooses a practitioner of that kind and what to share
with them (the reason too, and whether they see the rest of the care team they join), or
declines; the referrer sees only whether it was taken up."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.casework.service import referrals
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Role
from crossroads.sharing.rules import AREA_LABELS
from crossroads.web.auth import Client, Practitioner, RuntimeDep, SignedInPerson
from crossroads.web.deps import FormLists, templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/referrals", response_class=HTMLResponse)
def referrals_page(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> HTMLResponse:
    return _page(request, runtime, person)


def _page(
    request: Request,
    runtime: RuntimeDep,
    person: SignedInPerson,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    today = datetime.now(UTC).date()
    with runtime.database.transaction() as session:
        if person.role is Role.PRACTITIONER:
            context: dict[str, object] = {
                "sent": referrals.sent(session, runtime.master_keys, person)
            }
        else:
            found = referrals.received(session, runtime.master_keys, person)
            candidates = referrals.practitioners_to_refer_to(session, person, today)
            context = {"received": found, "candidates": candidates, "areas": AREA_LABELS}
    return templates.TemplateResponse(
        request, "referrals/index.html", {**context, "error": error}, status_code=status
    )


@router.post("/clients/{client_id}/referrals")
def refer(
    client_id: str, runtime: RuntimeDep, practitioner: Practitioner, form: FormLists
) -> Response:
    try:
        to = referrals.ReferTo((form.get("to") or [""])[0])
    except ValueError:
        raise InvalidInput("to", "suggest therapy or coaching") from None
    with runtime.database.transaction() as session:
        referrals.refer(
            session,
            runtime.master_keys,
            practitioner,
            client_id,
            to,
            (form.get("reason") or [""])[0],
            datetime.now(UTC),
        )
    return RedirectResponse("/referrals", status_code=303)


@router.post("/referrals/{referral_id}/accept", response_class=HTMLResponse)
def accept(
    request: Request, referral_id: str, runtime: RuntimeDep, client: Client, form: FormLists
) -> Response:
    try:
        areas = [Area(value) for value in form.get("areas", []) if value in AREA_LABELS]
        with runtime.database.transaction() as session:
            joined = referrals.accept(
                session,
                runtime.master_keys,
                client,
                referral_id,
                (form.get("practitioner") or [""])[0],
                areas,
                datetime.now(UTC),
                share_reason=form.get("share_reason") == ["yes"],
                sees_team=form.get("sees_team") == ["yes"],
                public_url=runtime.settings.public_url,
            )
    except InvalidInput as error:
        return _page(request, runtime, client, 422, str(error))
    return RedirectResponse("/care-team" if joined else "/care-team?no_account=1", status_code=303)


@router.post("/referrals/{referral_id}/decline")
def decline(referral_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        referrals.decline(session, client, referral_id, datetime.now(UTC))
    return RedirectResponse("/referrals", status_code=303)
