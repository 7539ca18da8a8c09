"""`crossroads measures`: a client's repeated questionnaires from the command line: add a
result, read the trends with what changed, and export them as FHIR. The operator works on
someone else's data, so every command is written to that person's access log."""

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from crossroads.assessment.rules.alerts import alert_as_dict
from crossroads.assessment.rules.trends import SCALES, Trend, trend_as_dict
from crossroads.assessment.service import results as measures
from crossroads.console import (
    OutputFormat,
    as_option,
    crisis_resources,
    echo_json,
    operating_on,
    print_crisis_lines,
    refusals,
)
from crossroads.kernel.errors import InvalidInput

measures_app = typer.Typer(
    help="Retake questionnaires and follow their trends.", no_args_is_help=True
)

User = Annotated[str, typer.Option("--user", help="The email of the person who answered.")]
Output = Annotated[OutputFormat, typer.Option("--format", "-f")]
BAR_WIDTH = 30  # characters for a whole scale in the text trend
OPTIONS = {"instrument": "INSTRUMENT"}


@measures_app.command("add")
def measures_add(
    user: User,
    instrument: Annotated[str, typer.Argument(help=f"One of {', '.join(SCALES)}.")],
    answers: Annotated[
        str,
        typer.Option(
            help='One whole number per item, as "0,1,2,..." or a JSON list; for pcptsd5 '
            '{"exposure": true, "items": \\[true, false, ...]} or {"exposure": false}.'
        ),
    ],
    output: Output = OutputFormat.TEXT,
) -> None:
    """Score and store a result now; the crisis lines come first when PHQ-9 item 9 is above 0."""
    with refusals("measures add", _answer_options):
        raw = _answers(answers)
    with operating_on("measures add", user, options=_answer_options) as op:
        recorded = measures.record_measure(
            op.session,
            op.master_keys,
            op.person,
            instrument,
            raw,
            now=datetime.now(UTC),
            public_url=op.settings.public_url,
        )
        op.audit("change", f"{instrument} result")
        region = measures.crisis_region(op.session, op.person)
    at_risk = recorded.crisis.flagged
    if at_risk:
        print_crisis_lines(region, err=output is OutputFormat.JSON)
    if output is OutputFormat.JSON:
        echo_json(
            {
                "trend": trend_as_dict(recorded.trend),
                "alerts": [alert_as_dict(a) for a in recorded.alerts],
                "crisis": _crisis(at_risk, region),
            }
        )
        return
    _print_trend(recorded.trend)
    for alert in recorded.alerts:
        typer.echo(f"Alert for the practitioner: {alert.text}")


@measures_app.command("trend")
def measures_trend(
    user: User,
    instrument: Annotated[
        str | None, typer.Argument(help="Only this questionnaire; all by default.")
    ] = None,
    output: Output = OutputFormat.TEXT,
) -> None:
    """Every result over time with its band, drawn as bars, and what changed."""
    with refusals("measures trend", OPTIONS):
        if instrument is not None and instrument not in SCALES:
            raise InvalidInput("instrument", f"choose one of {', '.join(SCALES)}")
    with operating_on("measures trend", user, options=OPTIONS) as op:
        history = measures.history_of(op.session, op.master_keys, op.person)
        op.audit("read", "measures")
        region = measures.crisis_region(op.session, op.person)
    at_risk = measures.standing_crisis(history).flagged
    if at_risk:
        print_crisis_lines(region, err=output is OutputFormat.JSON)
    found = [t for t in measures.trends(history) if instrument in (None, t.scale.key)]
    if output is OutputFormat.JSON:
        echo_json({"trends": [trend_as_dict(t) for t in found], "crisis": _crisis(at_risk, region)})
        return
    if not found:
        typer.echo("No results yet.")
    for trend in found:
        _print_trend(trend)


@measures_app.command("fhir")
def measures_fhir(user: User) -> None:
    """Every completed questionnaire as a FHIR R4 Bundle of QuestionnaireResponses."""
    with operating_on("measures fhir", user) as op:
        history = measures.history_of(op.session, op.master_keys, op.person)
        op.audit("export", "measures as FHIR")
    echo_json(measures.fhir_bundle(history))


def _crisis(at_risk: bool, region: str | None) -> dict[str, Any]:
    """Whether the latest PHQ-9 brings the crisis rules, with the lines to call when it does."""
    return {"at_risk": at_risk, "resources": crisis_resources(region) if at_risk else []}


def _answer_options(field: str) -> str:
    """Answers are refused by the item they hold ("phq9[8]"), all given through --answers."""
    if field.startswith(tuple(SCALES)):
        return f"--answers: {field}"
    return OPTIONS.get(field, as_option(field))


def _answers(text: str) -> Any:
    """A JSON value, or whole numbers separated by commas."""
    text = text.strip()
    if text.startswith(("[", "{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise InvalidInput("answers", "is not valid JSON") from None
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise InvalidInput(
            "answers", 'write whole numbers separated by commas, as "0,1,2"'
        ) from None


def _print_trend(trend: Trend) -> None:
    scale = trend.scale
    typer.echo(f"{scale.name} ({scale.lowest}-{scale.highest}{'%' if scale.unit == '%' else ''})")
    span = scale.highest - scale.lowest
    for m in trend.measures:
        bar = "#" * round((m.score - scale.lowest) / span * BAR_WIDTH)
        band = scale.band_of(m.score).name
        typer.echo(f"  {m.taken_at:%Y-%m-%d}  {m.score:>3}  {bar:<{BAR_WIDTH}}  {band}")
    if trend.previous is not None:
        typer.echo(
            f"  Since the time before: {trend.since_previous}; since the first: "
            f"{trend.since_baseline}."
        )
    if trend.response is not None:
        typer.echo(f"  Response: {'yes' if trend.response else 'not yet'}.")
    if trend.remission is not None:
        typer.echo(f"  Remission: {'yes' if trend.remission else 'not yet'}.")
    if trend.outcome_from is not None:
        typer.echo(
            f"  Response and remission: too soon to tell; a retake from "
            f"{trend.outcome_from:%Y-%m-%d} can."
        )
