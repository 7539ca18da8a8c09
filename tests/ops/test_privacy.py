"""Export gives a person everything; deletion destroys their key so nothing of them opens."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from crossroads.assessment.service.assessments import client_assessments, record_assessment
from crossroads.assessment.service.results import record_measure
from crossroads.assessment.service.retakes import set_schedule
from crossroads.assessment.store.assessments import AssessmentRow
from crossroads.assessment.store.measures import MeasureRow
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow
from crossroads.casework.service.notes import assign_homework, write_note
from crossroads.casework.service.progress_report import progress_report, share_report
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.casework.store.notes import HomeworkRow, NoteRow
from crossroads.coaching.rules.checkins import Cadence, plan_schedule, report_check_in
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.rules.grow import Stage
from crossroads.coaching.service.conversations import answer_stage, start_conversation
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry, correct_coping
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.ops.privacy import EXPORT_FORMAT, delete_person, export_everything
from crossroads.platform.audit import OPERATOR, accesses_to
from crossroads.platform.outbox import claim_messages, queue_message
from crossroads.platform.outbox_rows import OutboxRow, mark_sent
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import KeyUnavailable, MasterKeys
from crossroads.sharing.service.grants import grant_access
from tests.booking.service.test_bookings import listing_fields
from tests.factories import (
    DEPRESSED_WITH_GOAL,
    STEADY_COACHING_CLIENT,
    make_person,
    make_therapist,
)
from tests.mail import waiting_mail

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_export_holds_the_account_results_sharing_and_access_log(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "ana@example.org")
    practitioner = make_person(session, "coach@example.org", role="practitioner")
    record_assessment(session, master_keys, STEADY_COACHING_CLIENT, owner=client, now=NOW)
    grant_access(
        session, client, practitioner_email=practitioner.email, areas=[Area.ASSESSMENTS], now=NOW
    )
    client_assessments(session, master_keys, practitioner, client.id)

    export = export_everything(session, master_keys, client, now=NOW)

    assert export["format"] == EXPORT_FORMAT
    assert export["account"]["email"] == "ana@example.org"
    [assessment] = export["assessments"]
    assert assessment["answers"] == STEADY_COACHING_CLIENT
    assert assessment["result"]["route"] == "coaching"
    assert export["sharing"][0]["practitioner"] == "coach@example.org"
    assert export["access_log"][0]["who"].startswith("Coach <coach@example.org>")


def test_the_export_holds_a_share_with_an_address_no_practitioner_has(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "ana@example.org")
    grant_access(
        session, client, practitioner_email="dr@elsewhere.org", areas=[Area.JOURNAL], now=NOW
    )

    [share] = export_everything(session, master_keys, client, now=NOW)["sharing"]

    assert (share["practitioner"], share["area"]) == ("dr@elsewhere.org", "journal")


def test_the_export_holds_coaching_goals_with_their_check_ins(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "ana@example.org")
    goal = plan_goal(what="Read 12 books", starts_on=NOW.date())
    goal_id = add_goal(
        session, master_keys, client, goal, plan_schedule(Cadence.WEEKLY, goal.starts_on), now=NOW
    ).id
    record_check_in(
        session, master_keys, client, goal_id, report_check_in(did="Two chapters"), now=NOW
    )

    [exported] = export_everything(session, master_keys, client, now=NOW)["coaching_goals"]

    assert exported["summary"]["goal"]["what"] == "Read 12 books"
    assert exported["check_ins"][0]["report"]["did"] == "Two chapters"
    assert exported["check_ins"][0]["day"] == NOW.date().isoformat()
    json.dumps(exported)  # ready to write out as it is


def test_the_export_holds_coaching_conversations_with_their_answers(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "ana@example.org")
    conversation_id = start_conversation(session, master_keys, client, NOW)
    fields = {"what": "Learn Portuguese", "area": "other"}
    answer_stage(session, master_keys, client, conversation_id, Stage.GOAL, fields, NOW)

    [exported] = export_everything(session, master_keys, client, now=NOW)["coaching_conversations"]

    assert exported["answers"]["goal"]["what"] == "Learn Portuguese"
    assert exported["next_stage"] == "reality"
    json.dumps(exported)


def test_the_export_holds_the_journal_and_coping_corrections(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "ana@example.org")
    entry = plan_entry(at=NOW, mood=4, own_coping="Went for a long walk", note="Windy")
    added = add_entry(session, master_keys, client, entry, NOW)
    correct_coping(session, master_keys, client, added.id, CopingKind.MOVEMENT, NOW)

    exported = export_everything(session, master_keys, client, now=NOW)["journal"]

    [row] = exported["entries"]
    assert (row["id"], row["mood"], row["note"]) == (added.id, 4, "Windy")
    assert exported["coping_corrections"][0]["corrected"] == "movement"
    json.dumps(exported)


def test_the_export_holds_bookings_with_their_note(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "sam@example.org")
    every_day = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
    practitioner_id, _ = save_listing(session, listing_fields(availability=every_day), NOW)
    [slot, *_] = open_slots(
        session, practitioner_id, NOW + timedelta(days=2), NOW + timedelta(days=3), NOW
    )
    book(
        session,
        master_keys,
        client,
        practitioner_id,
        slot.starts,
        BookingKind.SESSION,
        NOW,
        note="Shy at first",
    )

    [exported] = export_everything(session, master_keys, client, now=NOW)["bookings"]

    assert exported["practitioner_name"] == "Dr Ana Rivera"
    assert exported["note"] == "Shy at first"


def _practice(session: Session, master_keys: MasterKeys) -> tuple[Person, Person]:
    """A client with a PHQ-9 retake, a schedule, a shared and a private note, homework and a
    shared progress report, all from one therapist."""
    client = make_person(session, "mia@example.org")
    therapist = make_therapist(session, "okafor@example.org", now=NOW)
    grant_access(
        session, client, practitioner_email=therapist.email, areas=[Area.ASSESSMENTS], now=NOW
    )
    record_measure(
        session, master_keys, client, "phq9", [1, 1, 0, 0, 1, 0, 0, 0, 0], now=NOW, public_url=""
    )
    set_schedule(session, master_keys, therapist, client.id, "phq9", 14, NOW)
    write_note(session, master_keys, therapist, client.id, "Shared thought", shared=True, now=NOW)
    write_note(session, master_keys, therapist, client.id, "Private thought", shared=False, now=NOW)
    assign_homework(
        session, master_keys, therapist, client.id, "Sleep diary", NOW.date() + timedelta(7), NOW
    )
    report = progress_report(session, master_keys, client, None, None, NOW)
    share_report(session, master_keys, client, therapist.id, report, NOW)
    return client, therapist


def test_the_export_holds_questionnaires_schedules_homework_shared_notes_and_reports(
    session: Session, master_keys: MasterKeys
) -> None:
    client, _ = _practice(session, master_keys)

    export = export_everything(session, master_keys, client, now=NOW)

    [taken] = export["questionnaires"]
    assert (taken["instrument"], taken["score"], taken["source"]) == ("phq9", 3, "retake")
    assert taken["answers"] == [1, 1, 0, 0, 1, 0, 0, 0, 0]
    [entry] = export["questionnaires_fhir"]["entry"]
    assert entry["resource"]["resourceType"] == "QuestionnaireResponse"
    [schedule] = export["retake_schedules"]
    assert (schedule["instrument"], schedule["every_days"]) == ("phq9", 14)
    assert [h["text"] for h in export["homework"]] == ["Sleep diary"]
    assert [n["text"] for n in export["notes_shared_with_me"]] == ["Shared thought"]
    [report] = export["progress_reports_shared"]
    assert report["shared_with"] == "okafor@example.org"
    assert report["report"]["ends_on"] == NOW.date().isoformat()
    json.dumps(export)


def test_deleting_a_client_removes_their_questionnaires_homework_and_copies_of_notes(
    session: Session, master_keys: MasterKeys
) -> None:
    client, _ = _practice(session, master_keys)

    delete_person(session, master_keys, client)
    session.flush()

    for table in (MeasureRow, HomeworkRow):
        assert session.query(table).count() == 0
    notes = session.query(NoteRow).all()  # the therapist's own records
    assert [(n.client_id, n.client_copy) for n in notes] == [(None, None), (None, None)]


def test_an_operator_export_is_audited(session: Session, master_keys: MasterKeys) -> None:
    client = make_person(session, "ana@example.org")

    export_everything(session, master_keys, client, now=NOW, operator=OPERATOR)

    [entry] = accesses_to(session, client.id)
    assert (entry.actor, entry.action) == (OPERATOR, "export")


def test_after_deletion_nothing_of_the_person_opens_and_others_are_untouched(
    session: Session, master_keys: MasterKeys
) -> None:
    leaving = make_person(session, "leaving@example.org")
    staying = make_person(session, "staying@example.org")
    gone = record_assessment(session, master_keys, DEPRESSED_WITH_GOAL, owner=leaving)
    record_assessment(session, master_keys, STEADY_COACHING_CLIENT, owner=staying)
    sealed_copy = session.get(AssessmentRow, gone.id).sealed  # as a backup would keep it
    before = export_everything(session, master_keys, staying, now=NOW)

    delete_person(session, master_keys, leaving)

    assert find_person(session, leaving.id) is None
    assert session.get(AssessmentRow, gone.id) is None
    assert sealed_copy is not None
    with pytest.raises(KeyUnavailable):
        Vault(session, master_keys).open_json(leaving.id, "assessment", sealed_copy)
    assert export_everything(session, master_keys, staying, now=NOW) == before


def test_a_deletion_by_someone_else_is_audited(session: Session, master_keys: MasterKeys) -> None:
    leaving = make_person(session, "leaving@example.org")

    delete_person(session, master_keys, leaving, actor=OPERATOR)

    [entry] = accesses_to(session, leaving.id)
    assert (entry.actor, entry.action, entry.target) == (OPERATOR, "delete", "account")


def every_stored_word(session: Session) -> str:
    """Every column of every outbox row, and every opened message still waiting, as text."""
    rows = session.execute(text("SELECT * FROM outbox")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    opened = " ".join(f"{m.recipient} {m.subject} {m.body}" for m in waiting_mail(session))
    return f"{stored} {opened}"


def test_deleting_a_client_purges_every_unsent_mail_to_and_about_them(
    session: Session, master_keys: MasterKeys
) -> None:
    delia = make_person(session, "delia@example.org")
    practitioner = make_person(session, "rivera@example.org", role="practitioner")
    listing, _ = save_listing(session, listing_fields(), NOW, person_id=practitioner.id)
    slot = open_slots(session, listing, NOW, NOW + timedelta(days=14), NOW)[0]
    book(session, master_keys, delia, listing, slot.starts, BookingKind.SESSION, NOW)
    words = every_stored_word(session)
    assert "Hello Delia," in words  # to her
    assert "with Delia on" in words  # about her, to the practitioner

    delete_person(session, master_keys, delia)

    words = every_stored_word(session)
    for trace in ("Delia", "delia@example.org", delia.id):
        assert trace not in words
    assert waiting_mail(session) == []


@pytest.mark.parametrize("leaving", ["client", "therapist"])
def test_mail_about_a_deleted_person_is_purged_whoever_it_was_going_to(
    session: Session, master_keys: MasterKeys, leaving: str
) -> None:
    client, therapist = _practice(session, master_keys)
    # To the client, naming the therapist; to the therapist, about the client.
    refer(session, master_keys, therapist, client.id, ReferTo.COACHING, "A coach for work", NOW)
    record_measure(  # reliably worse than the retake before, so the therapist is told
        session, master_keys, client, "phq9", [3, 3, 3, 3, 3, 3, 0, 0, 0], now=NOW, public_url=""
    )
    assert {m.recipient for m in waiting_mail(session)} == {client.email, therapist.email}

    delete_person(session, master_keys, client if leaving == "client" else therapist)

    assert waiting_mail(session) == []


def test_a_sent_mail_keeps_no_recipient_subject_or_body(
    session: Session, master_keys: MasterKeys
) -> None:
    delia = make_person(session, "delia@example.org")
    message = queue_message(
        session, recipient=delia.email, subject="Hello Delia", body="Hello Delia", now=NOW
    )
    claim = claim_messages(session, master_keys, now=NOW, batch=1)[0]
    mark_sent(session, message.id, claim.claimed_until, NOW)

    delete_person(session, master_keys, delia)

    session.expire_all()
    row = session.get(OutboxRow, message.id)
    assert row is not None  # kept as a record that a message went out, and nothing more
    assert (row.status, row.sealed, row.kind) == ("sent", None, "mail")
    assert "Delia" not in every_stored_word(session)
    assert "delia" not in every_stored_word(session)


def test_a_practitioner_s_deletion_leaves_the_client_their_shared_notes_homework_and_bookings(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = _practice(session, master_keys)
    listing, _ = save_listing(
        session, listing_fields(email=therapist.email), NOW, person_id=therapist.id
    )
    slots = open_slots(session, listing, NOW, NOW + timedelta(days=14), NOW)
    past = book(session, master_keys, client, listing, slots[0].starts, BookingKind.SESSION, NOW)
    coming = book(session, master_keys, client, listing, slots[1].starts, BookingKind.SESSION, NOW)

    delete_person(session, master_keys, therapist)
    session.expire_all()

    export = export_everything(session, master_keys, client, now=NOW)
    [note] = export["notes_shared_with_me"]
    assert (note["text"], note["author"]) == ("Shared thought", "a former practitioner")
    [homework] = export["homework"]
    assert (homework["text"], homework["assigned_by"]) == ("Sleep diary", "a former practitioner")
    bookings = {each["id"]: each for each in export["bookings"]}
    assert set(bookings) == {past.id, coming.id}
    assert {each["practitioner_name"] for each in bookings.values()} == {"a former practitioner"}
    assert session.query(NoteRow).filter_by(shared=False).count() == 0  # never the client's


def test_a_client_s_deletion_removes_their_homework_and_bookings_not_the_therapist_s_notes(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = _practice(session, master_keys)
    listing, _ = save_listing(
        session, listing_fields(email=therapist.email), NOW, person_id=therapist.id
    )
    slot = open_slots(session, listing, NOW, NOW + timedelta(days=14), NOW)[0]
    book(session, master_keys, client, listing, slot.starts, BookingKind.SESSION, NOW)

    delete_person(session, master_keys, client)

    assert session.query(NoteRow).filter(NoteRow.client_id.is_not(None)).count() == 0
    assert session.query(HomeworkRow).count() == 0
    assert session.query(BookingRow).count() == 0
