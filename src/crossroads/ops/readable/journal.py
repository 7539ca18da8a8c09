"""The journal in words (entries with their mood, feelings and coping, and the exercises with
their prompts), the corrections a person made to how we read their coping, and the safety
plan."""

from collections.abc import Mapping
from typing import Any

from crossroads.journal.rules.coping import COPING
from crossroads.journal.rules.entries import SITUATION_NAMES, EntryKind
from crossroads.journal.rules.exercises import EXERCISES, answer_lines, stepped_back
from crossroads.journal.rules.tools import tool_summary
from crossroads.ops.readable.shapes import (
    Line,
    Record,
    Section,
    label_of,
    lines,
    moment,
    out_of,
    said,
)

COPING_NAMES = {kind.value: info.name for kind, info in COPING.items()}
SITUATIONS = {situation.value: name for situation, name in SITUATION_NAMES.items()}
EXERCISE_TITLES = {kind.value: exercise.title for kind, exercise in EXERCISES.items()}


def journal(document: Mapping[str, Any]) -> tuple[Section, Section]:
    """The entries, and the corrections to how we read the coping in them."""
    entries = document.get("entries", [])
    corrections = document.get("coping_corrections", [])
    return (
        Section(
            ("journal",),
            "Your journal",
            tuple(_entry(each) for each in entries),
            empty="You have not written in your journal.",
        ),
        Section(
            ("coping_corrections",),
            "How you corrected our reading of your coping",
            tuple(_correction(each) for each in corrections),
            empty="You have not corrected any.",
        ),
    )


def _entry(item: Mapping[str, Any]) -> Record:
    kind = item.get("kind") or EntryKind.ENTRY.value
    if kind == EntryKind.TOOL.value:
        answers = item.get("answers", {})
        return Record(
            "A tool for the moment",
            moment(item.get("at")),
            lines(
                said("What you used", tool_summary(answers)),
                said("Mood", out_of(item.get("mood"), 10)),
                said("Your note", answers.get("note")),
            ),
        )
    if kind != EntryKind.ENTRY.value:
        answers = item["answers"]
        return Record(
            label_of(EXERCISE_TITLES, kind, "Exercise"),
            moment(item.get("at")),
            lines(
                *(said(label, text) for label, text in answer_lines(EntryKind(kind), answers)),
                said("You stepped back", "to a calming tool" if stepped_back(answers) else ""),
            ),
        )
    own_kind = item.get("own_coping_kind")
    return Record(
        "Journal entry",
        moment(item.get("at")),
        lines(
            said("Mood", out_of(item.get("mood"), 10)),
            said("Feelings", ", ".join(item.get("emotions", []))),
            said("Where it came from", label_of(SITUATIONS, item.get("situation"))),
            said("What happened", item.get("what_happened")),
            said(
                "How you coped",
                ", ".join(label_of(COPING_NAMES, k) for k in item.get("coping", [])),
            ),
            said("In your own words", item.get("own_coping")),
            said(
                "Which we read as" if not item.get("corrected") else "Which you said is",
                label_of(COPING_NAMES, own_kind),
            ),
            said("Did it help", out_of(item.get("helped"), 10)),
            said("Note", item.get("note")),
        ),
        link=("Open it in your journal", f"/journal#entry-{item['id']}"),
    )


def _correction(item: Mapping[str, Any]) -> Record:
    return Record(
        f"“{item.get('text', '')}”",
        lines=lines(
            said("We read it as", label_of(COPING_NAMES, item.get("predicted"))),
            said("You said it is", label_of(COPING_NAMES, item.get("corrected"))),
        ),
    )


def safety_plan(plan: Mapping[str, Any] | None) -> Section:
    if plan is None:
        return Section(
            ("safety_plan",), "Your safety plan", empty="You have not kept one.", counted=False
        )
    return Section(
        ("safety_plan",),
        "Your safety plan",
        (
            Record(
                "Last changed",
                moment(plan.get("updated_at")),
                tuple(
                    Line(part["title"], part["text"] or "Nothing written.")
                    for part in plan["parts"]
                ),
            ),
        ),
        counted=False,
    )
