"""parse_answers: one parser for CLI, API and form, refusing bad input by naming the field."""

import pytest
from hypothesis import given, settings

from crossroads.assessment.rules.answers import (
    MAX_GOAL_LENGTH,
    MAX_TEXT_LENGTH,
    Answers,
    Area,
    parse_answers,
)
from crossroads.kernel.errors import InvalidAnswer
from tests.strategies import valid_input

ZERO_PHQ9 = [0] * 9
ZERO_GAD7 = [0] * 7
FIVE_NOS = [False] * 5


def refused_field(raw: object) -> str:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answers(raw)
    assert refused.value.field in str(refused.value)
    return refused.value.field


@pytest.mark.parametrize("raw", [[], "phq9", None, 3, [("goal", "x")]])
def test_input_that_is_not_an_object_is_refused(raw):
    assert refused_field(raw) == "input"


def test_an_unknown_field_is_refused_by_its_name():
    assert refused_field({"goal": "Lead a team", "mood": 3}) == "mood"


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"phq9": [0] * 8}, "phq9"),
        ({"phq9": [0] * 10}, "phq9"),
        ({"phq9": []}, "phq9"),
        ({"phq9": "000000000"}, "phq9"),
        ({"phq9": {"0": 0}}, "phq9"),
        ({"gad7": [0] * 6}, "gad7"),
        ({"who5": [0] * 4}, "who5"),
        ({"phq2": [0]}, "phq2"),
        ({"gad2": [0, 0, 0]}, "gad2"),
    ],
)
def test_a_questionnaire_of_the_wrong_length_or_shape_is_refused(raw, field):
    assert refused_field(raw) == field


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"phq9": [0, 0, 0, 4, 0, 0, 0, 0, 0]}, "phq9[3]"),
        ({"phq9": [-1, 0, 0, 0, 0, 0, 0, 0, 0]}, "phq9[0]"),
        ({"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 9]}, "phq9[8]"),
        ({"gad7": [0, 0, 0, 0, 0, 0, 4]}, "gad7[6]"),
        ({"gad7": [0, -1, 0, 0, 0, 0, 0]}, "gad7[1]"),
        ({"who5": [0, 0, 6, 0, 0]}, "who5[2]"),
        ({"who5": [0, 0, 0, 0, -1]}, "who5[4]"),
        ({"phq2": [0, 4]}, "phq2[1]"),
        ({"gad2": [4, 0]}, "gad2[0]"),
    ],
)
def test_an_answer_out_of_range_is_refused_naming_its_item(raw, field):
    assert refused_field(raw) == field


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"phq9": [0, True, 0, 0, 0, 0, 0, 0, 0]}, "phq9[1]"),
        ({"phq9": [0, 0, False, 0, 0, 0, 0, 0, 0]}, "phq9[2]"),
        ({"gad7": [0, 0, 0, 0, 0, True, 0]}, "gad7[5]"),
        ({"who5": [5, 5, 5, 5, 1.0]}, "who5[4]"),
        ({"phq2": ["1", 0]}, "phq2[0]"),
    ],
)
def test_an_answer_that_is_not_a_whole_number_is_refused(raw, field):
    assert refused_field(raw) == field


def test_who5_accepts_the_whole_scale_from_0_to_5():
    assert parse_answers({"who5": [0, 1, 2, 3, 5]}).who5 == (0, 1, 2, 3, 5)


@pytest.mark.parametrize(
    ("pcptsd5", "field"),
    [
        ([True, True, True, True, True], "pcptsd5"),
        ("yes", "pcptsd5"),
        ({"items": FIVE_NOS}, "pcptsd5.exposure"),
        ({"exposure": "yes", "items": FIVE_NOS}, "pcptsd5.exposure"),
        ({"exposure": 1, "items": FIVE_NOS}, "pcptsd5.exposure"),
        ({"exposure": True}, "pcptsd5.items"),
        ({"exposure": True, "items": None}, "pcptsd5.items"),
        ({"exposure": True, "items": [False] * 4}, "pcptsd5.items"),
        ({"exposure": True, "items": [False] * 6}, "pcptsd5.items"),
        ({"exposure": True, "items": "nnnnn"}, "pcptsd5.items"),
        ({"exposure": True, "items": [False, 1, False, False, False]}, "pcptsd5.items[1]"),
        ({"exposure": True, "items": [False, False, False, False, "no"]}, "pcptsd5.items[4]"),
        ({"exposure": True, "items": FIVE_NOS, "when": "2019"}, "pcptsd5.when"),
    ],
)
def test_a_malformed_trauma_screen_is_refused_naming_the_part(pcptsd5, field):
    assert refused_field({"pcptsd5": pcptsd5}) == field


def test_a_trauma_screen_without_an_event_needs_no_items():
    assert parse_answers({"pcptsd5": {"exposure": False}}).pcptsd5.items is None


@pytest.mark.parametrize("goal", [42, ["a goal"], True, {"text": "a goal"}])
def test_a_goal_that_is_not_text_is_refused(goal):
    assert refused_field({"goal": goal}) == "goal"


def test_a_goal_longer_than_the_limit_is_refused():
    assert refused_field({"goal": "x" * (MAX_GOAL_LENGTH + 1)}) == "goal"


def test_a_goal_at_the_limit_is_accepted():
    assert parse_answers({"goal": "x" * MAX_GOAL_LENGTH}).goal == "x" * MAX_GOAL_LENGTH


def test_free_text_longer_than_its_limit_is_refused():
    assert refused_field({"text": "x" * (MAX_TEXT_LENGTH + 1)}) == "text"


@pytest.mark.parametrize("area", ["Career", "money", "", 3, True])
def test_an_area_outside_the_allowed_values_is_refused(area):
    assert refused_field({"area": area}) == "area"


@pytest.mark.parametrize("area", list(Area))
def test_every_area_is_accepted_by_its_value(area):
    assert parse_answers({"area": area.value}).area is area


@pytest.mark.parametrize("steady", [-1, 11, 100, True, False, 5.0, "5"])
def test_steadiness_outside_whole_numbers_0_to_10_is_refused(steady):
    assert refused_field({"steady": steady}) == "steady"


@pytest.mark.parametrize("steady", [0, 10])
def test_steadiness_accepts_both_ends_of_its_scale(steady):
    assert parse_answers({"steady": steady}).steady == steady


@pytest.mark.parametrize("stuck", ["yes", 1, 0, "true"])
def test_stuck_pattern_that_is_not_true_or_false_is_refused(stuck):
    assert refused_field({"stuck_pattern": stuck}) == "stuck_pattern"


@pytest.mark.parametrize("region", ["USA", "U", "", "1A", "U5", "G B", 44])
def test_a_region_that_is_not_two_letters_is_refused(region):
    assert refused_field({"region": region}) == "region"


@pytest.mark.parametrize(("region", "stored"), [("us", "US"), ("Gb", "GB"), ("NZ", "NZ")])
def test_a_region_is_stored_in_upper_case(region, stored):
    assert parse_answers({"region": region}).region == stored


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"phq9": ZERO_PHQ9, "phq2": [0, 0]}, "phq2"),
        ({"gad7": ZERO_GAD7, "gad2": [0, 0]}, "gad2"),
    ],
)
def test_a_short_form_given_with_its_full_questionnaire_is_refused(raw, field):
    assert refused_field(raw) == field


def test_a_short_form_may_stand_beside_the_other_full_questionnaire():
    answers = parse_answers({"phq2": [1, 1], "gad7": ZERO_GAD7})
    assert (answers.phq2, answers.gad7) == ((1, 1), tuple(ZERO_GAD7))


def test_every_field_is_optional():
    assert parse_answers({}) == Answers()


def test_a_field_given_as_null_counts_as_not_given():
    assert parse_answers({"phq9": None, "goal": None, "steady": None}) == Answers()


@pytest.mark.parametrize("goal", ["", "   ", "\n\t"])
def test_a_blank_goal_becomes_no_goal(goal):
    assert parse_answers({"goal": goal}).goal is None


def test_a_goal_is_kept_without_surrounding_space():
    assert parse_answers({"goal": "  Lead a team  "}).goal == "Lead a team"


def test_trauma_items_are_kept_as_true_or_false():
    items = [True, False, True, False, True]
    trauma = parse_answers({"pcptsd5": {"exposure": True, "items": items}}).pcptsd5
    assert (trauma.exposure, trauma.items) == (True, tuple(items))


FULL = {
    "phq9": [1, 2, 0, 3, 1, 0, 2, 1, 0],
    "gad7": [0, 1, 2, 3, 0, 1, 2],
    "who5": [5, 4, 3, 2, 1],
    "pcptsd5": {"exposure": True, "items": [True, False, True, False, False]},
    "goal": "Move into a leadership role",
    "area": "leadership",
    "steady": 6,
    "stuck_pattern": False,
    "text": "I keep putting off the conversation with my manager.",
    "region": "GB",
}


def test_as_dict_gives_back_the_input_it_was_parsed_from():
    assert parse_answers(FULL).as_dict() == FULL


def test_as_dict_round_trips_through_parse_answers():
    answers = parse_answers(FULL)
    assert parse_answers(answers.as_dict()) == answers


def test_as_dict_holds_only_the_fields_that_were_given():
    assert parse_answers({"phq2": [1, 0], "steady": 0}).as_dict() == {"phq2": [1, 0], "steady": 0}


def test_free_texts_hold_only_what_the_person_wrote():
    assert parse_answers({"goal": "Run a marathon"}).free_texts() == {"goal": "Run a marathon"}
    assert parse_answers({"phq9": ZERO_PHQ9}).free_texts() == {}


@settings(database=None)
@given(valid_input)
def test_any_valid_input_round_trips_through_as_dict(raw):
    assert parse_answers(raw).as_dict() == raw
