"""The assessment and the questionnaires in words, and what practitioners added to them: each
answer with its question, scores with their scale, retakes, homework, notes and the progress
reports a person shared."""

from collections.abc import Mapping, Sequence
from typing import Any

from crossroads.assessment.rules.answers import Area
from crossroads.assessment.rules.instruments import (
    GAD7_BANDS,
    INSTRUMENTS,
    PCPTSD5,
    PHQ9_BANDS,
    Instrument,
    band_for,
)
from crossroads.kernel import asq
from crossroads.kernel.resources import REGION_NAMES
from crossroads.ops.readable.shapes import (
    Line,
    Record,
    Section,
    counted,
    day,
    label_of,
    lines,
    listed,
    moment,
    out_of,
    said,
    yes_no,
)

BY_KEY = {instrument.key: instrument for instrument in INSTRUMENTS}
ROUTES = {
    "therapy": "Therapy",
    "coaching": "Coaching",
    "both": "Therapy and coaching together",
    "crisis": "Support in a crisis, first",
    "undetermined": "Not yet: we needed a little more",
}
RISK = {
    "none": "Nothing that called for a safety check",
    "check": "Something worth asking about, so we asked a few safety questions",
    "urgent": "A sign that support soon matters; we showed crisis lines",
    "acute": "A sign of danger now; we showed crisis lines first",
}
AREAS = {area.value: area.label for area in Area}
ASQ_QUESTIONS = dict(asq.ITEMS)
SOURCES = {"assessment": "In an assessment", "retake": "As a retake"}


def assessments(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("assessments",),
        "Your assessments",
        tuple(_assessment(each) for each in items),
        empty="You have not taken the assessment.",
    )


def _assessment(item: Mapping[str, Any]) -> Record:
    answers, result = item["answers"], item["result"]
    screener = result.get("risk", {}).get("screener") or {}
    return Record(
        "Assessment",
        moment(item["taken_at"]),
        lines(
            said("What we suggested", label_of(ROUTES, result.get("route"))),
            said("What the safety check found", label_of(RISK, result["risk"].get("level"))),
            listed("Your answers to the safety questions", _asq(screener.get("answers"))),
            said("Your goal", answers.get("goal")),
            said("What it is about", label_of(AREAS, answers.get("area"))),
            said("How steady you feel", out_of(answers.get("steady"), 10)),
            said("Stuck in a pattern that keeps repeating", _flag(answers.get("stuck_pattern"))),
            said("In your own words", answers.get("text")),
            said("Where you are", label_of(REGION_NAMES, answers.get("region"))),
            *(
                answered(key, answers[key], result.get("measures", {}).get(key))
                for key in BY_KEY
                if answers.get(key) is not None
            ),
        ),
        link=("Open this result", f"/assessments/{item['id']}"),
    )


def _asq(answers: Mapping[str, Any] | None) -> list[Line | None]:
    if not answers:
        return []
    return [
        said(ASQ_QUESTIONS[key], _flag(value))
        for key, value in answers.items()
        if key in ASQ_QUESTIONS
    ]


def _flag(value: object) -> str:
    return "" if value is None else yes_no(value)


def answered(key: str, answers: Any, measured: Mapping[str, Any] | None = None) -> Line:
    """One questionnaire: its name and score, and each question with the answer chosen."""
    instrument = BY_KEY[key]
    score = (measured or {}).get("percent", (measured or {}).get("score"))
    heading = instrument.name if score is None else f"{instrument.name}: {score_words(key, score)}"
    if key == PCPTSD5.key:
        return Line(heading, items=_trauma(answers))
    return Line(
        heading,
        items=tuple(
            Line(question, _choice(instrument, value))
            for question, value in zip(instrument.items, answers, strict=False)
        ),
    )


def _trauma(answers: Mapping[str, Any]) -> tuple[Line, ...]:
    """PC-PTSD-5: the event question, then its five questions only after a yes."""
    asked = [Line("Exposure to a traumatic event", yes_no(answers.get("exposure")))]
    for question, value in zip(PCPTSD5.items, answers.get("items") or (), strict=False):
        asked.append(Line(f"In the past month, {question}", yes_no(value)))
    return tuple(asked)


def _choice(instrument: Instrument, value: object) -> str:
    return next((c.label for c in instrument.choices if c.value == value), "not answered")


def score_words(key: str, score: int) -> str:
    """A score with its scale, and its published band where it has one."""
    if key == "phq9":
        return f"{score} out of 27, {band_for(score, PHQ9_BANDS)}"
    if key == "gad7":
        return f"{score} out of 21, {band_for(score, GAD7_BANDS)}"
    if key == "who5":
        return f"{score} out of 100"
    if key == PCPTSD5.key:
        return f"{score} of 5 answered yes"
    return f"{score} out of 6"  # PHQ-2 and GAD-2


def questionnaires(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("questionnaires", "questionnaires_fhir"),
        "Questionnaires you answered",
        tuple(
            Record(
                BY_KEY[each["instrument"]].name,
                moment(each["taken_at"]),
                lines(
                    said("How", label_of(SOURCES, each.get("source"))),
                    answered(
                        each["instrument"],
                        each["answers"],
                        {"score": each["score"]},
                    ),
                ),
            )
            for each in items
        ),
        empty="None yet.",
        note="The download holds these answers twice: as above, and in FHIR, the form health "
        "records use, for another service to read.",
    )


def retakes(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("retake_schedules",),
        "When you retake a questionnaire",
        tuple(
            Record(
                each["name"],
                lines=lines(
                    said("How often", f"every {each['every_days']} days"),
                    said("Next due", "", day(each.get("due_on"))),
                    said(
                        "Set by",
                        "your practitioner" if each.get("set_by_practitioner") else "you",
                    ),
                ),
            )
            for each in items
        ),
        empty="No retakes are planned.",
    )


def homework(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("homework",),
        "Homework",
        tuple(
            Record(
                each["text"],
                lines=lines(
                    said("From", each.get("assigned_by")),
                    said("Set on", "", moment(each.get("assigned_at"))),
                    said("Due", "", day(each.get("due_on"))),
                    said("Done", yes_no(each.get("done"))),
                ),
            )
            for each in items
        ),
    )


def notes(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("notes_shared_with_me",),
        "Session notes shared with you",
        tuple(
            Record(
                f"From {each['author']}",
                moment(each.get("written_at")),
                lines(said("The note", each.get("text"))),
            )
            for each in items
        ),
    )


def reports(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("progress_reports_shared",),
        "Progress reports you shared",
        tuple(_report(each) for each in items),
    )


def _report(item: Mapping[str, Any]) -> Record:
    report = item["report"]
    journal = report.get("journal") or {}
    return Record(
        f"Shared with {item['shared_with']}",
        moment(item.get("shared_at")),
        lines(
            said("From", "", day(report.get("starts_on"))),
            said("To", "", day(report.get("ends_on"))),
            listed(
                "Questionnaires",
                (
                    said(
                        measure["name"],
                        "; ".join(f"{r['score']} ({r['band']})" for r in measure["results"])
                        + (f". Since the first: {measure['change']}" if measure["change"] else ""),
                    )
                    for measure in report.get("measures", [])
                ),
            ),
            listed(
                "Goals",
                (
                    said(goal["what"], f"{goal['pace']}, {counted(goal['check_ins'], 'check-in')}")
                    for goal in report.get("goals", [])
                ),
            ),
            said("Journal entries in the period", journal.get("entries")),
            listed(
                "What the journal showed", (Line(text) for text in journal.get("statements", []))
            ),
        ),
    )
