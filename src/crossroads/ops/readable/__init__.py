"""'Everything we hold about you' in words: the export document (ops/privacy.py) read section
by section, each stored key and value written as a person would say it; dates and times stay
values, for the page to write in the reader's own zone and format. Built from the document
itself, so the page shows what the download holds. The access log is read apart, by visit
(ops/access_log.py)."""

from collections.abc import Mapping
from typing import Any

from crossroads.ops.readable import coaching, health, journal, together
from crossroads.ops.readable.shapes import Section

SHOWN_APART = ("access_log",)  # the page shows it by visit, as the access log page does


def readable_export(document: Mapping[str, Any]) -> list[Section]:
    """Every part of the export as a section, in the order a person would look for them."""
    entries, corrections = journal.journal(document["journal"])
    return [
        together.account(document["account"]),
        health.assessments(document["assessments"]),
        health.questionnaires(document["questionnaires"]),
        health.retakes(document["retake_schedules"]),
        coaching.goals(document["coaching_goals"]),
        coaching.conversations(document["coaching_conversations"]),
        entries,
        corrections,
        journal.safety_plan(document["safety_plan"]),
        health.homework(document["homework"]),
        health.notes(document["notes_shared_with_me"]),
        health.reports(document["progress_reports_shared"]),
        together.referrals(document["referrals"]),
        together.bookings(document["bookings"]),
        together.messages(document["messages"]),
        together.care_team(document["care_team"]),
        together.sharing(document["sharing"]),
        together.trusted_people(document["trusted_people"]),
        together.tokens(document["access_tokens"]),
    ]
