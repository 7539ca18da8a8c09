"""Queued mail reaches a real SMTP server on loopback once, survives outages and dead workers,
and never goes out twice when workers run side by side."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.engines import make_session_factory
from crossroads.platform.outbox import (
    LEASE,
    DeliveryReport,
    Mail,
    claim_messages,
    deliver_due,
    open_message,
    purge_person,
    queue_message,
    queue_messages,
    unsent_to,
)
from crossroads.platform.outbox_rows import MAX_ATTEMPTS, OutboxRow, claim_due
from crossroads.security.encryption import MasterKeys, Tampered
from tests.factories import make_person
from tests.smtp import Collector, smtp_server

T = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOTHING = DeliveryReport(sent=0, failed=0)


@pytest.fixture
def settings(smtp_port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=smtp_port)


def queue(database: Database, recipient: str = "ana@example.org", *, now: datetime = T) -> str:
    with database.transaction() as session:
        row = queue_message(
            session,
            recipient=recipient,
            subject=f"Hello {recipient}",
            body=f"A private link for {recipient}\n",
            now=now,
        )
        return row.id


def stored(database: Database, message_id: str) -> OutboxRow:
    with database.transaction() as session:
        row = session.get(OutboxRow, message_id)
        assert row is not None
        return row


def test_queued_messages_arrive_once_with_their_recipient_subject_and_body(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    queue(database, "ana@example.org")
    queue(database, "ben@example.org")

    first = deliver_due(database, settings, master_keys, now=T)
    again = deliver_due(database, settings, master_keys, now=T + timedelta(hours=2))

    assert (first, again) == (DeliveryReport(sent=2, failed=0), NOTHING)
    received = sorted((m["To"], m["Subject"], m.get_content().splitlines()) for m in inbox.messages)
    assert received == [
        ("ana@example.org", "Hello ana@example.org", ["A private link for ana@example.org"]),
        ("ben@example.org", "Hello ben@example.org", ["A private link for ben@example.org"]),
    ]
    for message in inbox.messages:
        assert message["From"] == settings.mail_from
        assert message["Message-ID"].endswith("@localhost>")
        assert message["Date"].datetime == T


def test_messages_queued_together_each_open_for_their_recipient_and_go_with_the_people_they_name(
    session: Session, master_keys: MasterKeys
) -> None:
    ana = make_person(session, "ana@example.org")
    queue_messages(
        session,
        [
            Mail("Ana@Example.org", "For Ana", "Hello Ana\n", kind="booking booked"),
            Mail("ben@example.org", "About Ana", "Ana booked\n", about=("someone-else",)),
        ],
        T,
    )

    opened = [
        (m.recipient, m.subject, m.body) for m in unsent_to(session, master_keys, "ben@example.org")
    ]
    assert opened == [("ben@example.org", "About Ana", "Ana booked\n")]
    assert [m.kind for m in unsent_to(session, master_keys, "Ana@Example.org")] == [
        "booking booked"
    ]
    assert purge_person(session, ana.id) == 1  # hers, found by her account's address
    assert purge_person(session, "someone-else") == 1  # the one about someone else
    assert unsent_to(session, master_keys, "ben@example.org") == []


def test_a_sent_message_is_marked_sent_and_keeps_no_words(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    message_id = queue(database)

    deliver_due(database, settings, master_keys, now=T)

    row = stored(database, message_id)
    assert (row.status, row.sent_at, row.sealed, row.attempts, row.claimed_until) == (
        "sent",
        T,
        None,
        1,
        None,
    )


def queue_then_fail(database: Database) -> None:
    with database.transaction() as session:
        queue_message(session, recipient="ana@example.org", subject="Hi", body="Hi\n", now=T)
        raise RuntimeError("the change that caused the message failed")


def test_a_message_queued_in_a_transaction_that_rolls_back_is_never_sent(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    with pytest.raises(RuntimeError, match="failed"):
        queue_then_fail(database)

    assert deliver_due(database, settings, master_keys, now=T) == NOTHING
    assert inbox.messages == []


def test_without_a_mail_server_a_message_waits_for_its_backoff_and_then_arrives(
    database: Database, settings: Settings, smtp_port: int, master_keys: MasterKeys
) -> None:
    message_id = queue(database)

    assert deliver_due(database, settings, master_keys, now=T) == DeliveryReport(sent=0, failed=1)
    row = stored(database, message_id)
    assert (row.sent_at, row.attempts, row.claimed_until) == (None, 1, T + timedelta(minutes=2))
    assert row.last_error is not None
    assert "ConnectionRefusedError" in row.last_error

    with smtp_server(smtp_port) as inbox:
        assert deliver_due(database, settings, master_keys, now=T + timedelta(minutes=1)) == NOTHING
        later = T + timedelta(minutes=2, seconds=1)
        assert deliver_due(database, settings, master_keys, now=later) == DeliveryReport(
            sent=1, failed=0
        )
    assert len(inbox.messages) == 1
    assert stored(database, message_id).attempts == 2


def test_a_message_is_given_up_after_eight_failed_attempts(
    database: Database, settings: Settings, smtp_port: int, master_keys: MasterKeys
) -> None:
    message_id = queue(database)

    hours = [T + timedelta(hours=2 * n) for n in range(MAX_ATTEMPTS)]
    reports = [deliver_due(database, settings, master_keys, now=now) for now in hours]

    assert reports == [DeliveryReport(sent=0, failed=1)] * MAX_ATTEMPTS
    row = stored(database, message_id)
    assert (row.sent_at, row.attempts, row.claimed_until) == (None, MAX_ATTEMPTS, None)
    assert row.last_error is not None
    assert row.last_error.startswith("gave up after 8 attempts")
    with smtp_server(smtp_port) as inbox:
        assert deliver_due(database, settings, master_keys, now=T + timedelta(days=2)) == NOTHING
    assert inbox.messages == []


class Refusing(Collector):
    """A server that turns every recipient away with a long-winded reason."""

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        return "550 " + "no such mailbox here " * 30


def test_a_refusal_is_recorded_by_its_kind_without_the_server_s_words(
    database: Database, settings: Settings, smtp_port: int, master_keys: MasterKeys
) -> None:
    message_id = queue(database)

    with smtp_server(smtp_port, Refusing()):
        report = deliver_due(database, settings, master_keys, now=T)

    assert report == DeliveryReport(sent=0, failed=1)
    # A server's reply can quote the recipient; only the kind of error is kept.
    assert stored(database, message_id).last_error == "SMTPRecipientsRefused"


def test_a_live_claim_is_not_taken_by_another_run(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    queue(database)
    with database.transaction() as session:
        claim_messages(session, master_keys, now=T, batch=10)  # a worker that is still busy with it

    assert (
        deliver_due(database, settings, master_keys, now=T + LEASE - timedelta(seconds=1))
        == NOTHING
    )
    assert inbox.messages == []


def test_a_claim_whose_lease_ran_out_is_delivered_by_the_next_run(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    message_id = queue(database)
    with database.transaction() as session:
        claim_messages(session, master_keys, now=T, batch=10)  # then the worker is killed

    report = deliver_due(database, settings, master_keys, now=T + LEASE + timedelta(seconds=1))

    assert report == DeliveryReport(sent=1, failed=0)
    assert len(inbox.messages) == 1
    assert stored(database, message_id).attempts == 2


def test_a_round_that_runs_out_of_lease_hands_its_messages_back_untried(
    database: Database, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    message_id = queue(database)

    assert deliver_due(database, settings, master_keys, now=T, lease=timedelta(0)) == NOTHING

    row = stored(database, message_id)
    assert (row.attempts, row.claimed_until, row.sent_at) == (0, None, None)
    assert inbox.messages == []


@pytest.fixture
def postgres_engine(migrated_engine: Engine) -> Engine:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time, so there is no concurrent claim to race")
    return migrated_engine


@contextmanager
def committed_messages(engine: Engine, count: int) -> Iterator[list[str]]:
    """Messages committed for real, outside the test's rolled-back transaction, then removed."""
    database = Database(engine, make_session_factory(engine))
    # Older than anything else a test could have left, so these come first in claim order.
    ids = [queue(database, f"p{n}@example.org", now=T - timedelta(days=365)) for n in range(count)]
    try:
        yield ids
    finally:
        with database.transaction() as session:
            session.execute(delete(OutboxRow).where(OutboxRow.id.in_(ids)))


def test_two_workers_claiming_at_once_get_disjoint_messages(postgres_engine: Engine) -> None:
    with (
        committed_messages(postgres_engine, 6) as ids,
        Session(postgres_engine) as first,
        Session(postgres_engine) as second,
    ):
        mine = {row.id for row in claim_due(first, T, 4)}  # its transaction stays open
        theirs = {row.id for row in claim_due(second, T, 10)} & set(ids)
        first.rollback()
        second.rollback()

    assert len(mine) == 4
    assert mine.isdisjoint(theirs)
    assert mine | theirs == set(ids)


def test_two_workers_delivering_at_once_send_each_message_exactly_once(
    postgres_engine: Engine, settings: Settings, inbox: Collector, master_keys: MasterKeys
) -> None:
    database = Database(postgres_engine, make_session_factory(postgres_engine))
    start = threading.Barrier(2)

    def work() -> int:
        start.wait()
        sent = 0
        while (report := deliver_due(database, settings, master_keys, now=T, batch=3)) != NOTHING:
            sent += report.sent
        return sent

    with committed_messages(postgres_engine, 24) as ids, ThreadPoolExecutor(2) as pool:
        counts = [future.result() for future in [pool.submit(work), pool.submit(work)]]

    expected = sorted(f"Hello p{n}@example.org" for n in range(len(ids)))
    received = sorted(m["Subject"] for m in inbox.messages if m["Subject"] in expected)
    assert received == expected
    assert sum(counts) >= len(ids)


def every_stored_value(session: Session, table: str) -> str:
    """Every column of every row of `table`, as text, for looking for words that must not be
    there."""
    rows = session.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 (a fixed name)
    return " ".join(str(value) for row in rows for value in row)


def test_a_queued_message_keeps_no_words_in_the_clear(
    session: Session, master_keys: MasterKeys
) -> None:
    link = "https://crossroads.test/password-reset/secret-token-123"
    queue_message(
        session,
        recipient="delia@example.org",
        subject="Reset your password, Delia",
        body=f"Hello Delia,\n\nOpen {link}\n",
        now=T,
    )

    stored_text = every_stored_value(session, "outbox")
    for words in ("delia", "Delia", "Reset", "secret-token-123", "password-reset"):
        assert words not in stored_text
    [opened] = unsent_to(session, master_keys, "delia@example.org")
    assert (opened.subject, link in opened.body) == ("Reset your password, Delia", True)


def test_a_sealed_message_does_not_open_in_another_row(
    session: Session, master_keys: MasterKeys
) -> None:
    first = queue_message(session, recipient="a@example.org", subject="A", body="a", now=T)
    second = queue_message(session, recipient="b@example.org", subject="B", body="b", now=T)
    second.sealed = first.sealed  # copied by someone with write access to the database
    session.flush()

    with pytest.raises(Tampered):
        open_message(session, master_keys, second)


def test_a_message_that_cannot_be_an_email_fails_for_good_and_is_logged_without_its_words(
    database: Database,
    settings: Settings,
    inbox: Collector,
    master_keys: MasterKeys,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with database.transaction() as session:
        broken = queue_message(
            session,
            recipient="ana@example.org",
            subject="A session with Dr Line\nBreak is booked",
            body="Hello\n",
            now=T,
        ).id
    fine = queue(database, "ben@example.org")

    report = deliver_due(database, settings, master_keys, now=T)

    assert report == DeliveryReport(sent=1, failed=1)
    row = stored(database, broken)
    assert (row.status, row.sealed, row.claimed_until) == ("failed", None, None)
    assert row.last_error == "gave up after 1 attempts; ValueError"
    assert stored(database, fine).status == "sent"
    assert [m["To"] for m in inbox.messages] == ["ben@example.org"]
    assert broken in caplog.text
    assert "Dr Line" not in caplog.text
    assert "Break" not in caplog.text
    assert deliver_due(database, settings, master_keys, now=T + timedelta(days=1)) == NOTHING


def test_a_message_whose_key_is_gone_fails_for_good_instead_of_blocking_the_queue(
    database: Database, settings: Settings, master_keys: MasterKeys
) -> None:
    message_id = queue(database)
    with database.transaction() as session:
        row = session.get(OutboxRow, message_id)
        assert row is not None
        row.sealed = "ob1:no-such-key:AAAA"

    assert deliver_due(database, settings, master_keys, now=T) == NOTHING
    assert stored(database, message_id).status == "failed"
