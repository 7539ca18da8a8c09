"""Crisis lines per region, kept as data so they can be checked and corrected in one place.

`last_checked` is the date an entry was last compared with the service's own published
details. Re-check every entry at least yearly and before each release to a new region.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CHECKED = date(2026, 11, 23)
INTERNATIONAL = "INTL"


class Channel(StrEnum):
    CALL = "call"
    TEXT = "text"
    CHAT = "chat"


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: `value` is what to dial, text or open; `keyword` is the word
    a text line asks for first, which a phone can fill in for the person."""

    channel: Channel
    value: str
    instructions: str
    keyword: str | None = None


@dataclass(frozen=True)
class CrisisResource:
    name: str
    region: str
    description: str
    contacts: tuple[Contact, ...]
    hours: str
    last_checked: date
    emergency: bool = False


def _emergency(region: str, number: str) -> CrisisResource:
    return CrisisResource(
        name=f"Emergency services ({number})" if region != INTERNATIONAL else "Emergency services",
        region=region,
        description="If you might act on thoughts of ending your life, or you are in danger now.",
        contacts=(Contact(Channel.CALL, number, f"Call {number}"),),
        hours="24 hours, every day",
        last_checked=CHECKED,
        emergency=True,
    )


_988 = (
    Contact(Channel.CALL, "988", "Call 988"),
    Contact(Channel.TEXT, "988", "Text 988"),
)

RESOURCES: dict[str, tuple[CrisisResource, ...]] = {
    "US": (
        CrisisResource(
            name="988 Suicide & Crisis Lifeline",
            region="US",
            description="Free, confidential support from a trained counselor.",
            contacts=(*_988, Contact(Channel.CHAT, "https://988lifeline.org/chat", "Chat online")),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        CrisisResource(
            name="Crisis Text Line",
            region="US",
            description="A trained volunteer texts with you, if talking out loud is too hard.",
            contacts=(Contact(Channel.TEXT, "741741", "Text HOME to 741741", "HOME"),),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("US", "911"),
    ),
    "CA": (
        CrisisResource(
            name="9-8-8 Suicide Crisis Helpline",
            region="CA",
            description="Free support in English and French from trained responders.",
            contacts=_988,
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("CA", "911"),
    ),
    "GB": (
        CrisisResource(
            name="Samaritans",
            region="GB",
            description="Someone to talk to about anything, free from any phone.",
            contacts=(Contact(Channel.CALL, "116 123", "Call 116 123"),),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        CrisisResource(
            name="Shout",
            region="GB",
            description="A free, confidential text conversation with a trained volunteer.",
            contacts=(Contact(Channel.TEXT, "85258", "Text SHOUT to 85258", "SHOUT"),),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("GB", "999"),
    ),
    "IE": (
        CrisisResource(
            name="Samaritans",
            region="IE",
            description="Someone to talk to about anything, free from any phone.",
            contacts=(Contact(Channel.CALL, "116 123", "Call 116 123"),),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        CrisisResource(
            name="50808",
            region="IE",
            description="A free, anonymous text conversation with a trained volunteer.",
            contacts=(Contact(Channel.TEXT, "50808", "Text HELLO to 50808", "HELLO"),),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("IE", "112"),
    ),
    "AU": (
        CrisisResource(
            name="Lifeline",
            region="AU",
            description="Crisis support and suicide prevention from trained supporters.",
            contacts=(
                Contact(Channel.CALL, "13 11 14", "Call 13 11 14"),
                Contact(Channel.TEXT, "0477 13 11 14", "Text 0477 13 11 14"),
                Contact(Channel.CHAT, "https://www.lifeline.org.au", "Chat online"),
            ),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("AU", "000"),
    ),
    "NZ": (
        CrisisResource(
            name="1737, Need to talk?",
            region="NZ",
            description="Free support from a trained counsellor.",
            contacts=(
                Contact(Channel.CALL, "1737", "Call 1737"),
                Contact(Channel.TEXT, "1737", "Text 1737"),
            ),
            hours="24 hours, every day",
            last_checked=CHECKED,
        ),
        _emergency("NZ", "111"),
    ),
    INTERNATIONAL: (
        CrisisResource(
            name="Find A Helpline",
            region=INTERNATIONAL,
            description="A directory of free, confidential helplines in many countries.",
            contacts=(Contact(Channel.CHAT, "https://findahelpline.com", "Find a line near you"),),
            hours="Depends on the line you choose",
            last_checked=CHECKED,
        ),
        _emergency(INTERNATIONAL, "112"),
    ),
}

REGIONS = tuple(code for code in RESOURCES if code != INTERNATIONAL)
REGION_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
    "NZ": "New Zealand",
    INTERNATIONAL: "Somewhere else",
}


def resources_for(region: str | None) -> tuple[CrisisResource, ...]:
    """The region's lines, or the international ones where we hold none for the region."""
    return RESOURCES.get((region or "").upper(), RESOURCES[INTERNATIONAL])
