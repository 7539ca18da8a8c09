"""`crossroads assess`: score a person's answers from a file and recommend therapy, coaching or
both, as JSON or readable text; with --user the result is stored in their account."""

import json
from typing import Annotated, Any

import typer

from crossroads.assessment.rules.instruments import (
    INSTRUMENTS,
    Phq9Score,
    ScreenScore,
    SeverityScore,
    Who5Score,
)
from crossroads.assessment.rules.result import Result, Screener, result_of
from crossroads.assessment.rules.scoring import Score
from crossroads.assessment.service.alerts import record_assessment_with_alerts
from crossroads.assessment.service.assessments import run_assessment
from crossroads.console import (
    OutputFormat,
    as_written,
    operating_on,
    read_text,
    refusals,
    resource_lines,
)
from crossroads.kernel.errors import InvalidAnswer
from crossroads.kernel.risk import RiskLevel
from crossroads.platform.audit import OPERATOR


def assess(
    input_path: Annotated[
        str, typer.Option("--input", "-i", help="A JSON file of answers, or - for stdin.")
    ],
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.JSON,
    user: Annotated[
        str | None, typer.Option(help="Store the result in this person's account.")
    ] = None,
) -> None:
    """Score the answers and recommend therapy, coaching or both. Stored only with --user."""
    with refusals("assess", as_written):
        raw = _read_json(input_path)
    result, document = _assessed(raw) if user is None else _stored(raw, user)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        typer.echo(format_assessment(result))


# A refused answer is named as the answers file names it (`phq9`), not as an option.


def _assessed(raw: object) -> tuple[Result, dict[str, Any]]:
    """The result, not stored, and its document."""
    with refusals("assess", as_written):
        result = result_of(run_assessment(raw))
    return result, result.as_dict()


def _stored(raw: object, user: str) -> tuple[Result, dict[str, Any]]:
    """The result, stored in the account of `user` with the alerts it raises, and its document
    (with the id it was stored under)."""
    with operating_on("assess", user, options=as_written) as op:
        stored = record_assessment_with_alerts(
            op.session,
            op.master_keys,
            raw,
            owner=op.person,
            public_url=op.settings.public_url,
            operator=OPERATOR,
        )
    return stored.result, stored.as_dict()


def _read_json(input_path: str) -> object:
    text = read_text(input_path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidAnswer(
            "input", f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def format_assessment(result: Result) -> str:
    """A readable summary. In a crisis the lines to call or text come first, then a path to
    therapists; when the safety screener is needed or positive, the lines come first and the
    result stays below."""
    lines: list[str] = []
    risk = result.risk
    flagged = risk is not None and risk.level is not RiskLevel.NONE
    if result.crisis:
        lines += ["You don't have to go through this alone. You can reach someone now:", ""]
        lines += resource_lines(result.resources)
        lines += ["", "Route: crisis. Please reach out before anything else."]
        lines += ["When you're ready, a therapist can help: see `crossroads practitioners list`."]
    else:
        if flagged:
            lines += ["If you need someone now, you can reach them any time:", ""]
            lines += [*resource_lines(result.resources), ""]
        if risk is not None and risk.screener.needed:
            lines += [*_screener_lines(risk.screener), ""]
        lines.append(f"Suggested route: {result.route}")
    if result.measures:
        lines += ["", "Screening results (not a diagnosis):"]
        lines += [f"  {_measure_line(key, score)}" for key, score in result.measures.items()]
    if result.reasons:
        lines += ["", "Why:"]
        for reason in result.reasons:
            heading = reason.title or reason.dimension.replace("_", " ")
            lines.append(f"  - [{heading}] {reason.text}")
            if reason.evidence:
                lines.append(f"      based on: {reason.evidence}")
    if result.missing:
        lines += ["", "To say more, we need:"] + [f"  - {item}" for item in result.missing]
    if not flagged:
        lines += ["", "If things get hard, you can reach someone any time:"]
        lines += resource_lines(result.resources)
    lines += ["", result.disclaimer]
    return "\n".join(lines)


def _screener_lines(screener: Screener) -> list[str]:
    """The ASQ asked from the command line: its questions, and how to answer them."""
    lines = ["Something in your answers made us want to check in. Please answer these and run"]
    lines += ['`crossroads assess` again with them as "asq" (true or false each):']
    lines += [f"  {key}: {text}" for key, text in screener.questions]
    return lines


_NAMES = {instrument.key: instrument.name for instrument in INSTRUMENTS}


def _measure_line(key: str, score: Score) -> str:
    name = _NAMES[key]
    match score:
        case Who5Score():
            return f"{name}: {score.percent} % ({score.band})"
        case Phq9Score() | SeverityScore():
            return f"{name}: {score.score} ({score.band})"
        case ScreenScore():
            verdict = "positive screen" if score.positive else "negative screen"
            return f"{name}: {score.score} ({verdict})"
