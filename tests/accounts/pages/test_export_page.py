"""'Everything we hold about you': every part of the JSON export on one page, in words."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.accounts.service.tokens import create_token
from crossroads.assessment.service.assessments import load_assessment, record_assessment
from crossroads.assessment.service.results import record_measure
from crossroads.assessment.service.retakes import set_schedule
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.care_team.service.members import add_member
from crossroads.care_team.service.note import write_as_client
from crossroads.casework.service.notes import assign_homework, write_note
from crossroads.casework.service.progress_report import progress_report, share_report
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.coaching.rules.checkins import Cadence, plan_schedule, report_check_in
from crossroads.coaching.rules.experiments import plan_strategy
from crossroads.coaching.rules.goals import Measure, MeasureKind, plan_goal, plan_step
from crossroads.coaching.rules.grow import Stage
from crossroads.coaching.service.coach_input import add_comment
from crossroads.coaching.service.conversations import answer_stage, start_conversation
from crossroads.coaching.service.goal_parts import (
    add_obstacle,
    add_step,
    add_strategy,
    record_check_in,
)
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.service.entries import add_entry, correct_coping
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.messaging.service.sending import send_message
from crossroads.messaging.service.threads import threads_of
from crossroads.ops.privacy import export_everything
from crossroads.ops.readable import SHOWN_APART, readable_export
from crossroads.platform.person_rows import find_person
from crossroads.platform.runtime import Runtime
from crossroads.safety_plan.service import save_plan
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from crossroads.trusted_people.service.invitations import invite_trusted_person
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person, make_therapist

NOW = datetime.now(UTC).replace(microsecond=0)
ANSWERS = {
    "phq9": [1, 1, 0, 1, 1, 0, 0, 0, 0],
    "gad7": [1, 1, 0, 1, 0, 0, 0],
    "who5": [3, 3, 2, 3, 3],
    "pcptsd5": {"exposure": False},
    "goal": "Run 5 km without stopping",
    "area": "habits_health",
    "steady": 8,
    "stuck_pattern": False,
    "region": "GB",
}

_EXPORT_KEYS = (
    *("format", "exported_at", "account", "assessments", "questionnaires"),
    *("questionnaires_fhir", "retake_schedules", "homework", "notes_shared_with_me"),
    *("progress_reports_shared", "coaching_goals", "coaching_conversations", "journal"),
    *("safety_plan", "bookings", "referrals", "messages", "care_team", "sharing"),
    *("trusted_people", "access_tokens", "access_log"),
)
_EMPTY: dict[str, object] = {
    "account": {},
    "journal": {"entries": [], "coping_corrections": []},
    "safety_plan": None,
    "care_team": {"members": [], "coordination_note": None},
    "questionnaires_fhir": {},
}


def everything(session: Session, master_keys: MasterKeys) -> Person:
    """A client with something in every part of the export."""
    mia = make_person(session, "mia@example.org")
    row = find_person(session, mia.id)
    assert row is not None
    row.time_zone, row.region = "America/New_York", "US"
    therapist = make_therapist(session, "okafor@example.org", now=NOW)
    grant_access(
        session,
        mia,
        practitioner_email=therapist.email,
        areas=[Area.ASSESSMENTS, Area.COACHING],
        now=NOW,
    )
    assessment = record_assessment(session, master_keys, ANSWERS, owner=mia, now=NOW)
    load_assessment(session, master_keys, assessment.id, viewer=therapist, now=NOW)
    record_measure(
        session, master_keys, mia, "phq9", [1, 2, 1, 1, 1, 0, 0, 0, 0], now=NOW, public_url=""
    )
    set_schedule(session, master_keys, therapist, mia.id, "phq9", 14, NOW)
    write_note(session, master_keys, therapist, mia.id, "We named the worry", shared=True, now=NOW)
    assign_homework(
        session, master_keys, therapist, mia.id, "Sleep diary", NOW.date() + timedelta(7), NOW
    )
    report = progress_report(session, master_keys, mia, None, None, NOW)
    share_report(session, master_keys, mia, therapist.id, report, NOW)
    _coaching(session, master_keys, mia, therapist)
    _journal(session, master_keys, mia)
    save_plan(session, master_keys, mia, {"warning_signs": "Not sleeping"}, NOW)
    _booking(session, master_keys, mia)
    refer(session, master_keys, therapist, mia.id, ReferTo.COACHING, "A coach for work", NOW)
    add_member(session, mia, therapist.id, NOW)
    write_as_client(session, master_keys, mia, "Weekly sessions on Tuesdays", NOW)
    [thread] = [t for t in threads_of(session, mia, NOW) if t.other_name == "Okafor"]
    send_message(session, master_keys, mia, thread.id, "See you Tuesday", NOW, notify=False)
    create_token(session, mia, name="my script", scopes=["read"], now=NOW)
    invite_trusted_person(
        session,
        master_keys,
        mia,
        name="Jo",
        email="jo@example.org",
        areas=["moods"],
        show_my_name=False,
        public_url="",
        now=NOW,
    )
    return mia


def _coaching(session: Session, keys: MasterKeys, mia: Person, coach: Person) -> None:
    goal = plan_goal(
        what="Run 5 km without stopping",
        starts_on=NOW.date(),
        measure=Measure(MeasureKind.NUMBER, "km", 1, 5),
    )
    goal_id = add_goal(
        session, keys, mia, goal, plan_schedule(Cadence.WEEKLY, goal.starts_on), now=NOW
    ).id
    add_step(session, keys, mia, goal_id, plan_step("Buy running shoes"), NOW)
    obstacle = add_obstacle(session, keys, mia, goal_id, "Too tired after work", NOW)
    add_strategy(session, keys, mia, obstacle.id, plan_strategy("Run at lunchtime"), NOW)
    record_check_in(session, keys, mia, goal_id, report_check_in(value=2, did="Ran 2 km"), now=NOW)
    add_comment(session, keys, coach, goal_id, "Steady progress", NOW)
    conversation = start_conversation(session, keys, mia, NOW)
    fields = {"what": "Learn Portuguese", "area": "other"}
    answer_stage(session, keys, mia, conversation, Stage.GOAL, fields, NOW)


def _journal(session: Session, keys: MasterKeys, mia: Person) -> None:
    entry = plan_entry(
        at=NOW,
        mood=4,
        emotions=["anxious", "tired"],
        situation="work",
        coping=["movement"],
        own_coping="Went for a long walk",
        note="Windy",
    )
    added = add_entry(session, keys, mia, entry, NOW)
    correct_coping(session, keys, mia, added.id, CopingKind.MOVEMENT, NOW)
    grief = plan_exercise(EntryKind.GRIEF, {"who": "My grandmother"}, NOW)
    add_entry(session, keys, mia, grief, NOW)


def _booking(session: Session, keys: MasterKeys, mia: Person) -> None:
    every_day = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
    fields = {"email": "rivera@example.org", "name": "Dr Ana Rivera", "kind": "coach"}
    practitioner_id, _ = save_listing(session, {**fields, "availability": every_day}, NOW)
    later = NOW + timedelta(days=3)
    [slot, *_] = open_slots(session, practitioner_id, later, later + timedelta(days=1), NOW)
    book(session, keys, mia, practitioner_id, slot.starts, BookingKind.SESSION, NOW, note="Shy")


def _page(client: FormClient, runtime: Runtime) -> tuple[str, dict[str, object]]:
    """The page for the client with everything, and the download it reads."""
    with runtime.database.transaction() as session:
        mia = everything(session, runtime.master_keys)
        document = export_everything(session, runtime.master_keys, mia, now=NOW)
        token = browser_session(session, runtime.master_keys, mia, datetime.now(UTC))
    client.cookies.set(SESSION_COOKIE, token)
    page = client.get("/account/export")
    assert page.status_code == 200
    return page.text.split('<main id="main"', 1)[1].split("</main>")[0], document


def _visible(html: str) -> str:
    """The words a person reads: the markup, addresses included, taken out."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_section_of_the_download_is_on_the_page_in_words(
    client: FormClient, runtime: Runtime
) -> None:
    html, _ = _page(client, runtime)
    text = _visible(html)

    headings = re.findall(r"<h2 id=\"[a-z-]+-heading\">([^<]+)</h2>", html)
    assert headings == [
        "Your account",
        "Your assessments (1)",
        "Questionnaires you answered (5)",
        "When you retake a questionnaire (1)",
        "Your coaching goals (1)",
        "Your coaching conversations (GROW) (1)",
        "Your journal (2)",
        "How you corrected our reading of your coping (1)",
        "Your safety plan",
        "Homework (1)",
        "Session notes shared with you (1)",
        "Progress reports you shared (1)",
        "Referrals for you (1)",
        "Your bookings (1)",
        "Your messages (1)",
        "Your care team",
        "What you share, and with whom (2)",
        "Your trusted people (1)",
        "Your API tokens (1)",
        "Who has looked at your data",
    ]
    for words in (
        "PC-PTSD-5: 0 of 5 answered yes Exposure to a traumatic event: no",
        "What we suggested Coaching",
        "What it is about Habits and health",
        "How steady you feel 8 out of 10",
        "Little interest or pleasure in doing things: Several days",
        "PHQ-9: 6 out of 27, mild",
        "How often every 14 days",
        "How you will know From 1 km to 5 km",
        "Buy running shoes: to do",
        "Too tired after work: tried “Run at lunchtime”, not judged yet",
        "Check-in,",
        "Okafor,",
        "Steady progress",
        "What would you like to be different a few months from now?: Learn Portuguese",
        "Which part of life is it about?: Something else",
        "Mood 4 out of 10 Feelings anxious, tired Where it came from Work",
        "How you coped Movement In your own words Went for a long walk",
        "Grief and loss",
        "Who or what are you missing? My grandmother",
        "We read it as Another healthy way You said it is Movement",
        "Warning signs Not sleeping",
        "Sleep diary",
        "We named the worry",
        "Shared with okafor@example.org",
        "To see A coach Why A coach for work Did you take it up Not yet",
        "Session with Dr Ana Rivera",
        "Your note for them Shy",
        "You,",
        "See you Tuesday",
        "Works with you as Therapist",
        "Weekly sessions on Tuesdays",
        "My assessments With okafor@example.org",
        "my script It may read your data",
        "Jo Their address jo@example.org They may see How my mood has been, week by week",
        "They see your name no",
        "Okafor, a practitioner (okafor@example.org)",
        "Looked at your assessment of",
        "(New York time)",
    ):
        assert words in text, words


def test_the_page_shows_no_raw_key_value_or_id(client: FormClient, runtime: Runtime) -> None:
    html, _ = _page(client, runtime)
    text = _visible(html)

    snake_case = re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", text)
    assert snake_case == []
    for raw in ("pcptsd5", "phq9", "{'", "'exposure'", "False", "True", "None", "UTC"):
        assert raw not in text, raw
    ids = re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text)
    assert ids == []


def test_every_part_of_the_download_has_its_section() -> None:
    document = {key: _EMPTY.get(key, []) for key in _EXPORT_KEYS}

    shown = {part for section in readable_export(document) for part in section.parts}

    assert set(_EXPORT_KEYS) <= shown | set(SHOWN_APART)


def test_a_new_part_of_the_download_would_be_missed(client: FormClient, runtime: Runtime) -> None:
    """The list above is the download's own keys, so a part added to it fails the test above."""
    _, document = _page(client, runtime)

    assert sorted(document) == sorted(_EXPORT_KEYS)
