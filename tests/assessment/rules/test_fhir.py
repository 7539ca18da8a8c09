"""Every repeatable instrument exports as a FHIR R4 QuestionnaireResponse that the FHIR
resource model accepts, with LOINC codes where LOINC has them."""

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from crossroads.assessment.rules.fhir import CODINGS, questionnaire_response
from crossroads.assessment.rules.trends import score_measure

AUTHORED = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
ANSWERS = {
    "phq9": [0, 1, 2, 3, 0, 1, 2, 3, 1],
    "gad7": [3, 2, 1, 0, 1, 2, 3],
    "who5": [5, 4, 3, 2, 1],
    "pcptsd5": {"exposure": True, "items": [True, False, True, True, False]},
}


def exported(instrument: str, answers=None) -> dict:
    stored, score, _ = score_measure(instrument, answers or ANSWERS[instrument])
    return questionnaire_response(
        response_id="m-1", instrument=instrument, answers=stored, score=score, authored=AUTHORED
    )


@pytest.mark.parametrize("instrument", sorted(ANSWERS))
def test_each_export_is_a_valid_fhir_questionnaire_response(instrument: str) -> None:
    resource = QuestionnaireResponse.model_validate(exported(instrument))
    assert resource.status == "completed"
    assert resource.questionnaire == CODINGS[instrument].questionnaire


def test_the_phq9_carries_its_loinc_panel_items_answers_and_total() -> None:
    resource = exported("phq9")
    assert resource["questionnaire"] == "http://loinc.org/q/44249-1"
    links = [item["linkId"] for item in resource["item"]]
    assert links == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "44261-6",
    ]
    second = resource["item"][1]
    assert second["text"] == "Feeling down, depressed, or hopeless"
    assert second["answer"] == [
        {
            "valueCoding": {
                "system": "http://loinc.org",
                "code": "LA6569-3",
                "display": "Several days",
            }
        }
    ]
    assert resource["item"][-1]["answer"] == [{"valueInteger": 13}]


def test_the_gad7_total_is_coded_70274_6() -> None:
    resource = exported("gad7")
    assert resource["questionnaire"] == "http://loinc.org/q/69737-5"
    assert resource["item"][-1] == {
        "linkId": "70274-6",
        "text": "GAD-7 total score",
        "answer": [{"valueInteger": 12}],
    }


def test_the_who5_exports_its_percentage_under_its_own_names() -> None:
    resource = exported("who5")
    assert resource["questionnaire"] == "urn:crossroads:questionnaire:who5"
    assert resource["item"][0]["answer"] == [{"valueInteger": 5}]
    assert resource["item"][-1]["answer"] == [{"valueInteger": 60}]


def test_a_pcptsd5_without_an_event_holds_the_event_question_and_a_zero_total() -> None:
    resource = exported("pcptsd5", {"exposure": False})
    QuestionnaireResponse.model_validate(resource)
    assert [item["linkId"] for item in resource["item"]] == ["102011-4", "102017-1"]
    assert resource["item"][0]["answer"] == [{"valueBoolean": False}]


def test_the_authored_time_keeps_its_zone() -> None:
    assert exported("gad7")["authored"] == "2027-03-01T09:30:00+00:00"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: r["item"][-1].update(answer=[{"valueInteger": "many"}]),
        lambda r: r["item"][0].update(answers=r["item"][0].pop("answer")),
        lambda r: r["item"][0].pop("linkId"),
    ],
)
def test_the_validator_catches_a_spoilt_resource(spoil) -> None:
    resource = exported("phq9")
    spoil(resource)
    with pytest.raises(ValidationError):
        QuestionnaireResponse.model_validate(resource)
