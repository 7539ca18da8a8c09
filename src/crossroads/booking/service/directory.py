"""The practitioner directory: add or update a listing (from an import, or a practitioner's own
account), read listings back and filter them; matching.py matches an assessment to them.

A listing's profile and weekly hours are public; they are stored as JSON in the shape people
write them (see profile_from_dict), so an import file and the stored row read the same. A
licence's jurisdiction is stored as a country or ISO 3166-2 code ("GB", "US-NY"); listings
written before hold bare "NY"-style US states, read as such.
"""

import json
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.rules.practitioners import (
    Certification,
    Profile,
    plan_licence,
    plan_profile,
)
from crossroads.booking.rules.scheduling import Availability, plan_availability
from crossroads.booking.store import PractitionerRow
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.jurisdictions import read_old_jurisdiction
from crossroads.kernel.people import Person, Role, normalise_email
from crossroads.platform import person_rows as people

# What a directory filter by kind asks a listing to offer today.
OFFERS_OF_KIND = {
    "therapist": ("therapy",),
    "coach": ("coaching",),
    "both": ("therapy", "coaching"),
}
DEFAULT_HOURS = {"weekly": [[day, "09:00", "17:00"] for day in range(5)]}


@dataclass(frozen=True)
class Listing:
    id: str
    email: str
    person_id: str | None
    profile: Profile
    availability: Availability


@dataclass(frozen=True)
class Filters:
    kind: str = ""  # therapist, coach or both: who offers it, not only who is listed as it
    specialty: str = ""
    approach: str = ""
    language: str = ""
    online: bool | None = None
    location: str = ""  # part of the location, any case


def save_listing(
    session: Session, fields: Mapping[str, Any], now: datetime, person_id: str | None = None
) -> tuple[str, bool]:
    """Add the listing, or update the one with the same email; (its id, whether it is new).
    InvalidInput names the field that is wrong."""
    email = normalise_email(str(fields.get("email", "")))
    profile = profile_from_dict(fields)
    hours = normal_hours(fields.get("availability") or DEFAULT_HOURS)
    availability_from_dict(hours, profile.time_zone)  # refuse hours that do not make sense
    row = store.practitioner_by_email(session, email)
    new = row is None
    if row is None:
        row = PractitionerRow(id=str(uuid.uuid4()), email=email, created_at=now, person_id=None)
        session.add(row)
    if person_id is not None:
        row.person_id = person_id
    row.kind, row.accepting, row.updated_at = profile.kind.value, profile.accepting, now
    row.profile = json.dumps({**_public(fields, profile), "email": email})
    row.availability = json.dumps(hours)
    session.flush()
    if row.person_id is not None:
        _keep_clinical_until(session, row.person_id, profile)
    return row.id, new


def _keep_clinical_until(session: Session, person_id: str, profile: Profile) -> None:
    """The account remembers until when the listing's licences let it see clinical
    questionnaires (kernel/consent.py), so that no read of a client's data parses a listing."""
    person = people.find_person(session, person_id)
    if person is not None:
        person.clinical_until = profile.clinical_until()


def own_fields(session: Session, person: Person) -> dict[str, Any] | None:
    """The practitioner's own listing as it was written (profile and hours), if they have one."""
    row = store.practitioner_of_person(session, person.id)
    if row is None:
        return None
    return {**json.loads(row.profile), "availability": json.loads(row.availability)}


def save_own_listing(
    session: Session, person: Person, fields: Mapping[str, Any], now: datetime
) -> str:
    """A practitioner writes their own listing; it is filed under their account's email."""
    if person.role is not Role.PRACTITIONER:
        raise InvalidInput("kind", "only practitioners have a listing")
    listing_id, _ = save_listing(session, {**fields, "email": person.email}, now, person.id)
    return listing_id


def listing(session: Session, practitioner_id: str) -> Listing:
    row = store.find_practitioner(session, practitioner_id)
    if row is None:
        raise NotFound(f"no practitioner with id {practitioner_id}")
    return listing_from(row)


def listings(session: Session) -> list[Listing]:
    return [listing_from(row) for row in store.all_practitioners(session)]


def filtered(found: Sequence[Listing], filters: Filters, today: date) -> list[Listing]:
    def keep(each: Listing) -> bool:
        profile = each.profile
        if not set(OFFERS_OF_KIND.get(filters.kind, ())) <= set(profile.offers(today)):
            return False
        if filters.specialty and filters.specialty not in profile.specialties:
            return False
        if filters.approach and filters.approach not in profile.approaches:
            return False
        if filters.language and filters.language not in profile.languages:
            return False
        if filters.online is True and not profile.online:
            return False
        if filters.online is False and not profile.in_person:
            return False
        return not filters.location or filters.location.lower() in profile.location.lower()

    return sorted((each for each in found if keep(each)), key=lambda each: each.profile.name)


PAGE_SIZE = 25  # listings a directory page shows


@dataclass(frozen=True)
class Page:
    """One page of a longer list; `number` counts from 1 and stays within the pages there are."""

    items: list[Listing]
    number: int
    pages: int
    total: int


def page_of(found: Sequence[Listing], number: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, -(-len(found) // size))
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return Page(list(found[start : start + size]), number, pages, len(found))


def expired_listings(session: Session, today: date) -> list[tuple[Listing, tuple[str, ...]]]:
    """Listings with an expired licence, each with what it still offers today: for the admin,
    who checks that the practitioner knows."""
    found = []
    for each in listings(session):
        if each.profile.expired_licences(today):
            found.append((each, each.profile.offers(today)))
    return found


def profile_from_dict(fields: Mapping[str, Any]) -> Profile:
    """A profile from its fields as people write them. A licence's jurisdiction is a country or
    ISO 3166-2 code ("GB", "US-NY"); a bare US state ("NY"), as listings were written before
    subdivisions carried their country, reads as that state, so nothing stored breaks."""
    try:
        licences = [
            plan_licence(
                _line(each["type"], "licences"),
                read_old_jurisdiction(_line(each["jurisdiction"], "licences")),
                _line(each["number"], "licences"),
                date.fromisoformat(str(each["expires_on"])),
            )
            for each in fields.get("licences") or []
        ]
        certifications = [
            Certification(
                _line(each["body"], "certifications"), _line(each["level"], "certifications")
            )
            for each in fields.get("certifications") or []
        ]
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            "licences", "each licence needs type, jurisdiction, number and expires_on"
        ) from None
    _zone(_line(fields.get("time_zone", "UTC"), "time_zone"))
    return plan_profile(
        name=_line(fields.get("name", ""), "name"),
        kind=str(fields.get("kind", "")),
        licences=licences,
        certifications=certifications,
        specialties=_strings(fields, "specialties"),
        approaches=_strings(fields, "approaches"),
        languages=_strings(fields, "languages") or ["en"],
        online=_flag(fields.get("online", True), "online"),
        in_person=_flag(fields.get("in_person", False), "in_person"),
        location=_line(fields.get("location", ""), "location"),
        fee=_whole(fields.get("fee", 0), "fee"),
        currency=_line(fields.get("currency", "USD"), "currency"),
        free_consultation=_flag(fields.get("free_consultation", True), "free_consultation"),
        accepting=_flag(fields.get("accepting", True), "accepting"),
        replies_within_hours=_whole(fields.get("replies_within_hours", 48), "replies_within_hours"),
        accepts_enquiries=_flag(fields.get("accepts_enquiries", True), "accepts_enquiries"),
        time_zone=str(fields.get("time_zone", "UTC")),
        bio=_paragraphs(fields.get("bio", ""), "bio"),
        meeting_link=_line(fields.get("meeting_link", ""), "meeting_link"),
    )


def normal_hours(hours: object) -> dict[str, Any]:
    """Hours as they are stored: whole weekdays, times and dates as text, whole minutes."""
    if not isinstance(hours, Mapping):
        raise InvalidInput("availability", "give hours as an object with weekly hours")
    try:
        return {
            "weekly": [
                [_whole(day, "availability"), str(start), str(end)]
                for day, start, end in hours.get("weekly", [])
            ],
            "exceptions": [
                {
                    "day": str(each["day"]),
                    "hours": [[str(a), str(b)] for a, b in each.get("hours", [])],
                }
                for each in hours.get("exceptions", [])
            ],
            "session_minutes": _whole(hours.get("session_minutes", 50), "session_minutes"),
            "buffer_minutes": _whole(hours.get("buffer_minutes", 10), "buffer_minutes"),
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidInput("availability", "write hours as [weekday, start, end]") from None


def availability_from_dict(hours: Mapping[str, Any], zone: str) -> Availability:
    if not isinstance(hours, Mapping):
        raise InvalidInput("availability", "give hours as an object with weekly hours")
    try:
        weekly = [(int(day), str(start), str(end)) for day, start, end in hours.get("weekly", [])]
        exceptions = [
            (str(each["day"]), [(str(a), str(b)) for a, b in each.get("hours", [])])
            for each in hours.get("exceptions", [])
        ]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidInput("availability", "write hours as [weekday, start, end]") from None
    return plan_availability(
        zone,
        weekly,
        exceptions,
        session_minutes=_whole(hours.get("session_minutes", 50), "session_minutes"),
        buffer_minutes=_whole(hours.get("buffer_minutes", 10), "buffer_minutes"),
    )


def listing_from(row: PractitionerRow) -> Listing:
    fields = json.loads(row.profile)
    profile = profile_from_dict(fields)
    availability = availability_from_dict(json.loads(row.availability), profile.time_zone)
    return Listing(row.id, row.email, row.person_id, profile, availability)


def _public(fields: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """The fields as written, but each licence's jurisdiction as it was read ("US-NY")."""
    public = {key: value for key, value in fields.items() if key not in {"availability", "email"}}
    if profile.licences:
        public["licences"] = [
            {**each, "jurisdiction": licence.jurisdiction}
            for each, licence in zip(fields["licences"], profile.licences, strict=True)
        ]
    return public


def _strings(fields: Mapping[str, Any], name: str) -> list[str]:
    value = fields.get(name) or []
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list):
        raise InvalidInput(name, "give a list")
    return [_line(each, name).strip() for each in value if str(each).strip()]


def _line(value: Any, field: str) -> str:
    """One line of text: a line break or other control character in a name would end up in
    the header of every email naming it, and split it."""
    text = str(value)
    if any(_control(character) for character in text):
        raise InvalidInput(field, "write it on one line, without line breaks or control characters")
    return text


def _paragraphs(value: Any, field: str) -> str:
    """Text that may run over several lines, but holds no other control character."""
    text = str(value)
    if any(_control(character) for character in text if character not in "\n\r\t"):
        raise InvalidInput(field, "remove the control characters from it")
    return text


def _control(character: str) -> bool:
    # Cc: C0 and C1 controls (line feed, carriage return, NUL, escape...); Zl, Zp: the Unicode
    # line and paragraph separators, which mail and some screens treat as line breaks.
    return unicodedata.category(character) in {"Cc", "Zl", "Zp"}


def _whole(value: Any, field: str) -> int:
    try:
        number = float(value)
        if number != int(number):
            raise ValueError(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(field, "write a whole number") from None
    return int(number)


def _flag(value: Any, field: str) -> bool:
    """A yes or no, from JSON (true/false) or text ("true", "no")."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "on"}:
        return True
    if text in {"false", "no", "0", "off", ""}:
        return False
    raise InvalidInput(field, "write true or false")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput("time_zone", f"{name!r} is not a known time zone") from None
