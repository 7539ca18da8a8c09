"""The rules of messages: the measured reply time over a fixed set of timestamps and over any
conversation, the length of a message and of an enquiry, and the limits on how many are sent."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.kernel.errors import InvalidInput, RateLimited
from crossroads.messaging.rules import (
    HOUR,
    MAX_ENQUIRY,
    MAX_MESSAGE,
    MESSAGES_PER_HOUR,
    REPLY_WINDOW,
    ReplyTime,
    Sent,
    check_rate,
    measured_reply_time,
    reply_waits,
    written_message,
)

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
SINCE = NOW - REPLY_WINDOW
DAY1 = datetime(2027, 2, 10, tzinfo=UTC)


def at(hours: float, day: datetime = DAY1) -> datetime:
    return day + timedelta(hours=hours)


def client(when: datetime) -> Sent:
    return Sent(from_client=True, at=when)


def practitioner(when: datetime) -> Sent:
    return Sent(from_client=False, at=when)


# Three threads with every case the measure meets: a run of two client messages answered once,
# a practitioner writing first and twice in a row, a wait still open, and a wait that began
# before the 90 days (its first message is the one before the window the store hands over).
FIXED_THREADS = [
    [
        client(at(9)),
        client(at(9.5)),
        practitioner(at(11)),  # 2 hours from the first of the two
        client(at(12)),
        practitioner(at(18)),  # 6 hours
        practitioner(at(19)),  # a second message answers nothing
        client(at(20)),  # still waiting: not counted
    ],
    [
        practitioner(at(8)),  # writing first is not a reply
        client(at(10)),
        practitioner(at(10.5)),  # 30 minutes
        client(at(33)),
        practitioner(at(37)),  # 4 hours
    ],
    [
        client(SINCE - HOUR),  # began before the window
        practitioner(SINCE + 2 * HOUR),  # so this wait is not counted
        client(SINCE + timedelta(days=3)),
        practitioner(SINCE + timedelta(days=3, hours=1)),  # 1 hour
    ],
]


def test_the_reply_time_of_fixed_timestamps_is_their_median_wait() -> None:
    measured = measured_reply_time(FIXED_THREADS, SINCE)

    # Waits of 30 minutes, 1, 2, 4 and 6 hours.
    assert measured == ReplyTime(median=timedelta(hours=2), replies=5)
    assert measured.hours == 2


def test_an_even_number_of_waits_takes_the_mean_of_the_middle_two_rounded_up_in_hours() -> None:
    thread = [
        client(at(0)),
        practitioner(at(1)),
        client(at(2)),
        practitioner(at(4)),
        client(at(5)),
        practitioner(at(8)),
        client(at(9)),
        practitioner(at(19)),
    ]

    measured = measured_reply_time([thread], SINCE)

    assert measured == ReplyTime(median=timedelta(hours=2.5), replies=4)
    assert measured.hours == 3


def test_a_quick_median_still_reads_as_within_one_hour() -> None:
    assert ReplyTime(median=timedelta(minutes=4), replies=3).hours == 1


def test_fewer_than_three_replies_show_no_measured_time() -> None:
    two = [client(at(0)), practitioner(at(1)), client(at(2)), practitioner(at(3)), client(at(4))]

    assert measured_reply_time([two], SINCE) is None
    assert measured_reply_time([], SINCE) is None


def test_waits_before_the_window_are_left_out() -> None:
    old = [client(SINCE - timedelta(days=10 + n)) for n in range(3)]
    answered = [practitioner(SINCE - timedelta(days=9))]

    assert measured_reply_time([old + answered], SINCE) is None


conversation = st.lists(
    st.builds(
        Sent,
        from_client=st.booleans(),
        at=st.integers(0, 60 * 24 * 100).map(lambda minutes: SINCE + timedelta(minutes=minutes)),
    ),
    max_size=30,
)


@given(conversation, st.randoms())
def test_the_order_messages_come_in_does_not_change_the_waits(
    messages: list[Sent], shuffler: random.Random
) -> None:
    shuffled = list(messages)
    shuffler.shuffle(shuffled)

    assert sorted(reply_waits(shuffled)) == sorted(reply_waits(messages))


@given(conversation)
def test_each_wait_is_answered_by_one_practitioner_message_after_a_client_message(
    messages: list[Sent],
) -> None:
    waits = reply_waits(messages)

    assert len(waits) <= sum(not m.from_client for m in messages)
    assert len(waits) <= sum(m.from_client for m in messages)
    assert all(wait >= timedelta(0) for _, wait in waits)
    for began, wait in waits:
        assert client(began) in messages
        assert practitioner(began + wait) in messages


@given(st.lists(conversation, max_size=4))
def test_the_median_lies_between_the_shortest_and_longest_wait(
    threads: list[list[Sent]],
) -> None:
    measured = measured_reply_time(threads, SINCE)
    waits = [wait for thread in threads for _, wait in reply_waits(thread)]

    if len(waits) < 3:
        assert measured is None
    else:
        assert measured is not None
        assert measured.replies == len(waits)
        assert min(waits) <= measured.median <= max(waits)
        assert measured.median <= measured.hours * HOUR


def test_a_message_is_trimmed_and_may_fill_its_limit() -> None:
    assert written_message("  Hello  ") == "Hello"
    assert written_message("x" * MAX_MESSAGE) == "x" * MAX_MESSAGE
    assert written_message("x" * MAX_ENQUIRY, enquiry=True) == "x" * MAX_ENQUIRY


@pytest.mark.parametrize(
    ("text", "enquiry", "named"),
    [
        ("x" * (MAX_MESSAGE + 1), False, "a message can be up to 4,000 characters, and this one"),
        ("x" * (MAX_ENQUIRY + 1), True, "up to 1,000 characters, and this one has 1,001"),
        ("   \n ", False, "write your message first"),
    ],
)
def test_a_message_over_its_limit_or_empty_is_refused_naming_the_limit(
    text: str, enquiry: bool, named: str
) -> None:
    with pytest.raises(InvalidInput, match=named) as refused:
        written_message(text, enquiry=enquiry)

    assert refused.value.field == "text"


def test_the_thirtieth_message_in_an_hour_is_the_last_one_taken() -> None:
    sent = [NOW - timedelta(minutes=50) + timedelta(minutes=n) for n in range(29)]
    check_rate(sent, now=NOW, most=MESSAGES_PER_HOUR, within=HOUR, what="30 messages an hour")

    with pytest.raises(RateLimited) as limited:
        check_rate(
            [*sent, NOW], now=NOW, most=MESSAGES_PER_HOUR, within=HOUR, what="30 messages an hour"
        )

    assert limited.value.retry_after == 10 * 60  # the first of them leaves the hour then
    assert str(limited.value) == (
        "you can send up to 30 messages an hour, so please wait about 10 minutes before "
        "sending another"
    )


@given(
    st.lists(st.integers(0, 3 * 3600), max_size=40),
    st.integers(1, 10),
)
def test_after_the_wait_it_names_the_next_message_is_taken(seconds: list[int], most: int) -> None:
    sent = [NOW - timedelta(seconds=each) for each in seconds]
    try:
        check_rate(sent, now=NOW, most=most, within=HOUR, what="a few")
    except RateLimited as limited:
        later = NOW + timedelta(seconds=limited.retry_after)
        check_rate(sent, now=later, most=most, within=HOUR, what="a few")
        sooner = later - timedelta(seconds=1)
        with pytest.raises(RateLimited):
            check_rate(sent, now=sooner, most=most, within=HOUR, what="a few")
    else:
        assert sum(each < 3600 for each in seconds) < most
