"""The account and what a person does with others, in words: bookings, referrals, messages,
their care team, what they share with whom (practitioners and trusted people), and their API
tokens."""

from collections.abc import Mapping, Sequence
from typing import Any

from crossroads.booking.service.booked import FITS
from crossroads.care_team.rules import JOINED_LABELS, kind_label
from crossroads.kernel.jurisdictions import name_of
from crossroads.kernel.resources import REGION_NAMES
from crossroads.kernel.zones import place_of
from crossroads.ops.readable.shapes import (
    Record,
    Section,
    label_of,
    lines,
    listed,
    moment,
    said,
    yes_no,
)
from crossroads.sharing.rules import AREA_LABELS
from crossroads.trusted_people.rules import AREA_LABELS as TRUSTED_AREA_LABELS

ROLES = {"client": "Client", "practitioner": "Practitioner", "admin": "Admin"}
REFERRED_TO = {"therapy": "A therapist", "coaching": "A coach"}
REFERRAL_STATUSES = {"open": "Not yet", "accepted": "You took it up", "declined": "You said no"}
OPENED_BY = {
    "booking": "You booked with them",
    "grant": "You share with them",
    "referral": "You chose them after a referral",
    "team": "They are in your care team",
    "enquiry": "You asked them a question",
}
JOINED = {through.value: words for through, words in JOINED_LABELS.items()}
AREAS = {area.value: label for area, label in AREA_LABELS.items()}
TRUSTED_AREAS = {area.value: label for area, label in TRUSTED_AREA_LABELS.items()}
SCOPES = {
    "read": "read your data",
    "write": "change your data",
    "calendar": "read your bookings calendar",
}


def account(item: Mapping[str, Any]) -> Section:
    region, subdivision = item.get("region"), item.get("subdivision")
    zone = item.get("time_zone")
    return Section(
        ("account", "format", "exported_at"),
        "Your account",
        (
            Record(
                lines=lines(
                    said("Name", item.get("display_name")),
                    said("Email", item.get("email")),
                    said("Role", label_of(ROLES, item.get("role"))),
                    said("Two-factor sign-in", "on" if item.get("two_factor") else "off"),
                    said("Account made", "", moment(item.get("created_at"))),
                    said("Your time zone", place_of(zone) if zone else ""),
                    said(
                        "Where you are, for crisis lines",
                        label_of(REGION_NAMES, region, "not chosen"),
                    ),
                    said(
                        "State, province or territory", name_of(subdivision) if subdivision else ""
                    ),
                ),
            ),
        ),
        counted=False,
    )


def bookings(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("bookings",),
        "Your bookings",
        tuple(
            Record(
                f"{each.get('appointment') or 'Appointment'} with {each['practitioner_name']}",
                moment(each.get("starts")),
                lines(
                    said("Ends", "", moment(each.get("ends"))),
                    said("Where", "Online" if each.get("online") else each.get("location")),
                    said("Video room", each.get("meeting_link")),
                    said("Fee", _fee(each.get("fee"), each.get("currency"))),
                    said("Cancelled", yes_no(each.get("cancelled"))),
                    said("Your note for them", each.get("note")),
                    said("After it, you chose", label_of(FITS, each.get("fit"))),
                ),
            )
            for each in items
        ),
    )


def _fee(amount: object, currency: object) -> str:
    if not amount:
        return "Free"
    return f"{amount} {currency or ''}".strip()


def referrals(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("referrals",),
        "Referrals for you",
        tuple(
            Record(
                f"From {each['referrer']}",
                moment(each.get("created_at")),
                lines(
                    said("To see", label_of(REFERRED_TO, each.get("to"))),
                    said("Why", each.get("reason")),
                    said("Did you take it up", label_of(REFERRAL_STATUSES, each.get("status"))),
                ),
            )
            for each in items
        ),
    )


def messages(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("messages",),
        "Your messages",
        tuple(
            Record(
                f"With {each['with']}",
                moment(each.get("opened_at")),
                lines(
                    said("How it began", label_of(OPENED_BY, each.get("opened_by"))),
                    listed(
                        "Messages",
                        (
                            said(
                                "You" if message.get("from") == "me" else each["with"],
                                message.get("text"),
                                moment(message.get("sent_at")),
                            )
                            for message in each.get("messages", [])
                        ),
                    ),
                ),
            )
            for each in items
        ),
    )


def care_team(team: Mapping[str, Any]) -> Section:
    note = team.get("coordination_note") or {}
    members = tuple(
        Record(
            member["name"],
            lines=lines(
                said("Works with you as", kind_label(member.get("kind") or "")),
                said(
                    "Joined",
                    label_of(JOINED, member.get("joined_through")),
                    moment(member.get("joined_at")),
                ),
                said("May see the rest of your team", yes_no(member.get("sees_team"))),
                said(
                    "Why you were referred, as you shared it", member.get("referral_reason_shared")
                ),
            ),
        )
        for member in team.get("members", [])
    )
    written = (
        Record(
            "Your coordination note",
            moment(note.get("updated_at")),
            lines(
                said("The note", note.get("text")), said("Last written by", note.get("updated_by"))
            ),
        )
        if note.get("text")
        else None
    )
    return Section(
        ("care_team",),
        "Your care team",
        members + ((written,) if written else ()),
        empty="Nobody is in your care team.",
        counted=False,
    )


def sharing(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("sharing",),
        "What you share, and with whom",
        tuple(
            Record(
                label_of(AREAS, each.get("area"), "Part of your data"),
                lines=lines(
                    said("With", each.get("practitioner")),
                    said("Since", "", moment(each.get("granted_at"))),
                    said("Stopped", "", moment(each.get("revoked_at"))),
                ),
            )
            for each in items
        ),
        empty="You have not shared anything.",
    )


def trusted_people(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("trusted_people",),
        "Your trusted people",
        tuple(
            Record(
                each.get("name") or "Someone you invited",
                lines=lines(
                    said("Their address", each.get("email")),
                    said(
                        "They may see",
                        ", ".join(label_of(TRUSTED_AREAS, a) for a in each.get("sees", [])),
                    ),
                    said("They see your name", yes_no(each.get("shows_my_name"))),
                    said("Invited", "", moment(each.get("invited_at"))),
                    said("Their link works until", "", moment(each.get("link_works_until"))),
                    said("Stopped", "", moment(each.get("stopped_at"))),
                ),
            )
            for each in items
        ),
        empty="You have not invited anyone.",
    )


def tokens(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("access_tokens",),
        "Your API tokens",
        tuple(
            Record(
                each["name"],
                lines=lines(
                    said("It may", ", ".join(label_of(SCOPES, s) for s in each.get("scopes", []))),
                    said("Made", "", moment(each.get("created_at"))),
                    said("Turned off", yes_no(each.get("revoked"))),
                ),
            )
            for each in items
        ),
    )
