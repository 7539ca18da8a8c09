"""The public labelled sets, read in place and split as each SOURCE.md says.

Each test lays out tiny CSV files the way the shared data folder holds them, with only the
columns the readers use.
"""

import csv
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.text.pipeline.external_data import (
    COUNSELCHAT,
    CSSRS,
    RESOLUTIONS,
    SDCNL_TEST,
    SDCNL_TRAIN,
    Labelled,
    counselchat_questions,
    cssrs_hidden,
    resolutions_hidden,
    sdcnl_hidden,
)

COUNSELCHAT_HEADER = ("questionID", "questionTitle", "questionText", "topic", "split")
SDCNL_HEADER = ("title", "selftext", "is_suicide")
CSSRS_HEADER = ("User", "Post", "Label")
RESOLUTIONS_HEADER = ("text", "Resolution_Category")


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str = "utf-8"
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def counselchat(tmp_path: Path) -> Path:
    tired = ("1", "Why am I always tired?", "I sleep ten hours and still wake up exhausted.")
    write_csv(
        tmp_path / COUNSELCHAT,
        COUNSELCHAT_HEADER,
        [
            (*tired, "depression", "train"),
            ("2", "How do I set boundaries?", "My mother calls every day.", "family", "train"),
            (*tired, "depression", "train"),
            ("3", "Is this panic?", "My heart races on the train.", "anxiety", "val"),
            (*tired, "depression", "train"),
            ("4", "Should I stay?", "We argue every night.", "relationships", "test"),
            ("5", "", "I cannot stop checking the locks.", "ocd", "train"),
        ],
    )
    return tmp_path


def test_counselchat_training_is_one_labelled_text_per_train_question(counselchat: Path) -> None:
    assert counselchat_questions(counselchat, hidden=False) == [
        Labelled(
            "Why am I always tired?\nI sleep ten hours and still wake up exhausted.",
            "depression",
            "1",
        ),
        Labelled("How do I set boundaries?\nMy mother calls every day.", "family", "2"),
        Labelled("I cannot stop checking the locks.", "ocd", "5"),
    ]


def test_counselchat_hidden_holds_the_val_and_test_questions_only(counselchat: Path) -> None:
    assert counselchat_questions(counselchat, hidden=True) == [
        Labelled("Is this panic?\nMy heart races on the train.", "anxiety", "3"),
        Labelled("Should I stay?\nWe argue every night.", "relationships", "4"),
    ]


def test_sdcnl_hidden_is_the_test_set_by_subreddit_less_whole_posts_seen_in_training(
    tmp_path: Path,
) -> None:
    write_csv(
        tmp_path / SDCNL_TRAIN,
        SDCNL_HEADER,
        [
            ("so tired", "Nothing has felt right for months.", "0"),
            ("title only", "emptypost", "1"),
        ],
    )
    write_csv(
        tmp_path / SDCNL_TEST,
        SDCNL_HEADER,
        [
            ("tonight", "I have the pills counted out.", "1"),
            ("so tired", "Nothing has felt right for months.", "0"),
            ("grey days", "I stay in bed until the afternoon.", "0"),
            ("another title only", "emptypost", "1"),
        ],
    )

    assert sdcnl_hidden(tmp_path) == [
        Labelled("tonight\nI have the pills counted out.", "suicidewatch"),
        Labelled("grey days\nI stay in bed until the afternoon.", "depression"),
        Labelled("another title only", "suicidewatch"),
    ]


def test_cssrs_hidden_keeps_every_fifth_user_with_one_post_a_line(tmp_path: Path) -> None:
    write_csv(
        tmp_path / CSSRS,
        CSSRS_HEADER,
        [
            ("user-0", "['first post', 'second post']", "Supportive"),
            ("user-1", "['dropped post']", "Behavior"),
            ("user-5", "[\"I can't sleep\", 'nothing helps']", "Ideation"),
            ("user-7", "['dropped too']", "Indicator"),
            ("user-10", "['only post']", "Attempt"),
        ],
    )

    assert cssrs_hidden(tmp_path) == [
        Labelled("first post\nsecond post", "Supportive"),
        Labelled("I can't sleep\nnothing helps", "Ideation"),
        Labelled("only post", "Attempt"),
    ]


def test_resolutions_hidden_keeps_rows_at_positions_divisible_by_five_decoded_as_latin_1(
    tmp_path: Path,
) -> None:
    rows = [(f"Resolution number {position}", "Personal Growth") for position in range(11)]
    rows[0] = ("Cook a proper crème brûlée", "Personal Growth")
    rows[3] = ("Call my sister\nevery Sunday", "Family/Friends/Relationships")
    rows[5] = ("Pay off the credit card", "Finance")
    rows[10] = ("Stop biting my nails\nfor good", "Health & Fitness")
    write_csv(tmp_path / RESOLUTIONS, RESOLUTIONS_HEADER, rows, encoding="latin-1")

    assert resolutions_hidden(tmp_path) == [
        Labelled("Cook a proper crème brûlée", "Personal Growth"),
        Labelled("Pay off the credit card", "Finance"),
        Labelled("Stop biting my nails\nfor good", "Health & Fitness"),
    ]


Reader = Callable[[Path], list[Labelled]]


def counselchat_training(data_dir: Path) -> list[Labelled]:
    return counselchat_questions(data_dir, hidden=False)


def counselchat_hidden(data_dir: Path) -> list[Labelled]:
    return counselchat_questions(data_dir, hidden=True)


@pytest.mark.parametrize(
    ("reader", "missing"),
    [
        (counselchat_training, COUNSELCHAT),
        (counselchat_hidden, COUNSELCHAT),
        (sdcnl_hidden, SDCNL_TRAIN),
        (cssrs_hidden, CSSRS),
        (resolutions_hidden, RESOLUTIONS),
    ],
)
def test_a_missing_file_is_invalid_input_naming_its_path(
    tmp_path: Path, reader: Reader, missing: Path
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(str(tmp_path / missing))):
        reader(tmp_path)


def test_a_missing_sdcnl_test_file_is_named_even_when_training_is_there(tmp_path: Path) -> None:
    write_csv(tmp_path / SDCNL_TRAIN, SDCNL_HEADER, [("title", "body", "0")])

    with pytest.raises(InvalidInput, match=re.escape(str(tmp_path / SDCNL_TEST))):
        sdcnl_hidden(tmp_path)
