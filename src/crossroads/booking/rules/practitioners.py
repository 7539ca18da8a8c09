"""Practitioner profiles: who they are, what they may offer, and the confidentiality rules that
bind them.

Therapy is offered only under a current licence: a therapist whose every licence has expired
still has a profile, but no therapy offer until a licence is renewed. Coaching is not a licensed
profession; certifications (such as the ICF's ACC, PCC and MCC) are shown as the practitioner
states them. Pure logic.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.jurisdictions import name_of, parse_jurisdiction
from crossroads.kernel.parsing import parse_written


class PractitionerKind(StrEnum):
    THERAPIST = "therapist"
    COACH = "coach"
    BOTH = "both"


class LicenceType(StrEnum):
    LCSW = "LCSW"  # licensed clinical social worker
    LMFT = "LMFT"  # licensed marriage and family therapist
    LPC = "LPC"  # licensed professional counselor
    LMHC = "LMHC"  # licensed mental health counselor
    PSYD = "PsyD"  # doctor of psychology, licensed as a psychologist
    PHD = "PhD"  # doctor of philosophy, licensed as a psychologist
    OTHER = "other"


SPECIALTIES = {
    "anxiety": "Anxiety and worry",
    "depression": "Low mood and depression",
    "trauma": "Trauma",
    "grief": "Grief and loss",
    "relationships": "Relationships",
    "addiction": "Alcohol, drugs and other addictions",
    "eating": "Eating and body image",
    "stress": "Stress and burnout",
    "career": "Career",
    "leadership": "Leadership",
    "business": "Business",
    "habits_health": "Habits and health",
    "work_life_balance": "Work-life balance",
    "confidence": "Confidence and self-esteem",
    "life_transitions": "Life transitions",
}
APPROACHES = {
    "cbt": "Cognitive behavioural therapy (CBT)",
    "dbt": "Dialectical behaviour therapy (DBT)",
    "psychodynamic": "Psychodynamic therapy",
    "humanistic": "Humanistic, person-centred therapy",
    "emdr": "EMDR",
    "act": "Acceptance and commitment therapy (ACT)",
    "solution_focused": "Solution-focused work",
    "grow": "GROW coaching model",
    "positive_psychology": "Positive psychology coaching",
    "cognitive_behavioural_coaching": "Cognitive-behavioural coaching",
}
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "zh": "Chinese",
    "ar": "Arabic",
    "hi": "Hindi",
    "pl": "Polish",
    "uk": "Ukrainian",
    "ja": "Japanese",
}

# What binds each offer, in plain words; a practitioner who offers both is bound by both.
CONFIDENTIALITY = {
    "therapy": (
        "As a licensed therapist I am bound by law and by my licensing board to keep what you "
        "tell me confidential. The exceptions are narrow: a serious risk to your life or "
        "someone else's, a child or vulnerable adult at risk, or a court order."
    ),
    "coaching": (
        "Coaching is not a licensed health service, so no health-privacy law covers it. I keep "
        "what you tell me private under my coaching body's code of ethics and our agreement, "
        "and would share it only with your consent or if someone's safety were at risk."
    ),
}

MAX_NAME, MAX_BIO, MAX_LOCATION = 100, 2000, 200
E = TypeVar("E", bound=StrEnum)
_LICENCE_NUMBER = re.compile(r"[A-Za-z0-9-]{2,30}")


@dataclass(frozen=True)
class Licence:
    type: LicenceType
    jurisdiction: str  # where it holds: a country ("GB") or ISO 3166-2 subdivision ("US-NY")
    number: str
    expires_on: date

    def current(self, today: date) -> bool:
        return today <= self.expires_on

    @property
    def place(self) -> str:
        """Where it holds, as people say it: "New York", "United Kingdom"."""
        return name_of(self.jurisdiction)


@dataclass(frozen=True)
class Certification:
    body: str  # e.g. "ICF"
    level: str  # e.g. "PCC"


@dataclass(frozen=True)
class Profile:
    name: str
    kind: PractitionerKind
    licences: tuple[Licence, ...] = ()
    certifications: tuple[Certification, ...] = ()
    specialties: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    online: bool = True
    in_person: bool = False
    location: str = ""
    fee: int = 0  # a session's fee in whole units of `currency`
    currency: str = "USD"
    free_consultation: bool = True
    accepting: bool = True  # accepts new clients
    replies_within_hours: int = 48
    accepts_enquiries: bool = True  # a client may ask one short question before any booking
    time_zone: str = "UTC"
    bio: str = ""
    meeting_link: str = ""  # an own room for the kinds the profile implies; else one per booking

    def offers_therapy(self, today: date) -> bool:
        return self.kind is not PractitionerKind.COACH and any(
            licence.current(today) for licence in self.licences
        )

    def offers_coaching(self) -> bool:
        return self.kind is not PractitionerKind.THERAPIST

    def offers(self, today: date) -> tuple[str, ...]:
        """What this practitioner may offer today: therapy, coaching, both or nothing."""
        offered = (("therapy", self.offers_therapy(today)), ("coaching", self.offers_coaching()))
        return tuple(name for name, on in offered if on)

    def licensed_in(self, today: date) -> tuple[str, ...]:
        """The places this practitioner's current licences hold, by name, each once."""
        current = (each.place for each in self.licences if each.current(today))
        return tuple(dict.fromkeys(current))

    def clinical_until(self) -> date | None:
        """The last day a licence lets this practitioner practise therapy (in the past once
        every licence has expired); None for a coach, who needs none."""
        if self.kind is PractitionerKind.COACH or not self.licences:
            return None
        return max(licence.expires_on for licence in self.licences)

    def expired_licences(self, today: date) -> tuple[Licence, ...]:
        return tuple(licence for licence in self.licences if not licence.current(today))

    def confidentiality(self, today: date) -> tuple[str, ...]:
        """The statements that bind this practitioner's current offers."""
        offers = [("therapy", self.offers_therapy(today)), ("coaching", self.offers_coaching())]
        return tuple(CONFIDENTIALITY[offer] for offer, offered in offers if offered)


def plan_profile(
    *,
    name: str,
    kind: str,
    licences: Iterable[Licence] = (),
    certifications: Iterable[Certification] = (),
    specialties: Iterable[str] = (),
    approaches: Iterable[str] = (),
    languages: Iterable[str] = ("en",),
    online: bool = True,
    in_person: bool = False,
    location: str = "",
    fee: int = 0,
    currency: str = "USD",
    free_consultation: bool = True,
    accepting: bool = True,
    replies_within_hours: int = 48,
    accepts_enquiries: bool = True,
    time_zone: str = "UTC",
    bio: str = "",
    meeting_link: str = "",
) -> Profile:
    """A profile checked field by field, or InvalidInput naming the field. A therapist (or a
    practitioner offering both) must list a licence; whether it is current is decided on the
    day, not here."""
    practitioner_kind = _choice(PractitionerKind, kind, "kind")
    licences = _licences_for(practitioner_kind, licences)
    _check_ways_of_meeting(online=online, in_person=in_person, location=location)
    _check_terms(fee=fee, replies_within_hours=replies_within_hours)
    return Profile(
        name=parse_written(name, "name", MAX_NAME, missing="give the practitioner's name"),
        kind=practitioner_kind,
        licences=licences,
        certifications=tuple(certifications),
        specialties=_known(specialties, SPECIALTIES, "specialties"),
        approaches=_known(approaches, APPROACHES, "approaches"),
        languages=_known(languages, LANGUAGES, "languages") or ("en",),
        online=online,
        in_person=in_person,
        location=parse_written(location, "location", MAX_LOCATION),
        fee=fee,
        currency=_currency(currency),
        free_consultation=free_consultation,
        accepting=accepting,
        replies_within_hours=replies_within_hours,
        accepts_enquiries=accepts_enquiries,
        time_zone=time_zone,
        bio=parse_written(bio, "bio", MAX_BIO),
        meeting_link=room_link(meeting_link),
    )


def _licences_for(kind: PractitionerKind, licences: Iterable[Licence]) -> tuple[Licence, ...]:
    """The licences, each with a plausible number and its issuer; at least one unless the
    practitioner only coaches."""
    licences = tuple(licences)
    for licence in licences:
        if not _LICENCE_NUMBER.fullmatch(licence.number):
            raise InvalidInput("licences", f"licence number {licence.number!r} looks wrong")
        if not licence.jurisdiction.strip():
            raise InvalidInput("licences", "say which state or country issued each licence")
    if kind is not PractitionerKind.COACH and not licences:
        raise InvalidInput("licences", "therapy needs a licence: list at least one")
    return licences


def _check_ways_of_meeting(*, online: bool, in_person: bool, location: str) -> None:
    if not online and not in_person:
        raise InvalidInput("online", "offer sessions online, in person, or both")
    if in_person and not location.strip():
        raise InvalidInput("location", "say where in-person sessions take place")


def _check_terms(*, fee: int, replies_within_hours: int) -> None:
    if fee < 0:
        raise InvalidInput("fee", "a fee cannot be negative")
    if not 1 <= replies_within_hours <= 14 * 24:
        raise InvalidInput("replies_within_hours", "choose between 1 hour and two weeks")


def plan_licence(type_: str, jurisdiction: str, number: str, expires_on: date) -> Licence:
    """A licence where it holds: a country ("GB") or ISO 3166-2 subdivision ("US-NY"); a US or
    Canadian licence names its state, province or territory (kernel/jurisdictions.py)."""
    if not jurisdiction.strip():
        raise InvalidInput("licences", "say which state or country issued each licence")
    return Licence(
        _choice(LicenceType, type_, "licences"),
        parse_jurisdiction(jurisdiction),
        number,
        expires_on,
    )


def _choice(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value.strip())
    except ValueError:
        options = ", ".join(member.value for member in kind)
        raise InvalidInput(field, f"choose one of {options}") from None


def _known(values: Iterable[str], known: dict[str, str], field: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(value.strip() for value in values if value.strip()))
    unknown = [value for value in chosen if value not in known]
    if unknown:
        raise InvalidInput(field, f"{', '.join(unknown)} not on the list")
    return chosen


def room_link(text: str, field: str = "meeting_link") -> str:
    """A practitioner's own video room: empty, or a full https:// address."""
    text = text.strip()
    if text and not re.fullmatch(r"https://[^\s]{3,490}", text):
        raise InvalidInput(field, "give the full https:// address of your meeting room")
    return text


def _currency(code: str) -> str:
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InvalidInput("currency", "give a three-letter currency code such as USD")
    return code
