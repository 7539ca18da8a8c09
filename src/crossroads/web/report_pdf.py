"""The progress report as a PDF, laid out with fpdf2 from the report's plain data, with the same
charts as the page: each is the page's own SVG picture, drawn by fpdf2 as vector graphics, under
its title and over the sentence that stands in for it.

The PDF uses the core Helvetica font, which holds Latin-1 only: typographic quotes and dashes
become their plain forms, and any other character outside Latin-1 becomes "?", so a report
never fails to print because of a name.
"""

import io
import re
from datetime import date
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from crossroads.web.bar_charts import BarChart
from crossroads.web.charts import LineChart
from crossroads.web.deps import templates
from crossroads.web.measure_charts import MeasureChart
from crossroads.web.report_charts import report_charts

PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
    | {"\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " "}
)
INK, MUTED = (29, 36, 48), (74, 85, 104)
# Where a practitioner reads a report without the grant that opens the clinical questionnaires.
# The macro that draws each kind of chart on the page, and how wide it is drawn here, in mm.
MACROS: dict[type, tuple[str, str, float]] = {
    MeasureChart: ("charts/_measure_chart.html", "measure_chart", 150),
    LineChart: ("charts/_line_chart.html", "line_chart", 110),
    BarChart: ("charts/_bar_chart.html", "bar_chart", 110),
}
# What a screen reader reads in the page's SVG (its title, its summary and each point's tooltip)
# is printed here as text around the picture instead; fpdf2 would only warn about it.
SPOKEN = re.compile(r"<(title|desc)\b[^>]*>.*?</\1>", re.DOTALL)
Chart = LineChart | BarChart | MeasureChart
CLINICAL_LEFT_OUT = (
    "The PHQ-9, GAD-7 and PC-PTSD-5 results are left out: the client has not shared their "
    "questionnaire scores with you."
)


def report_pdf(report: dict[str, Any]) -> bytes:
    charts = report_charts(report)
    pdf = FPDF(format="A4")
    pdf.set_title(f"Progress report for {_plain(report['name'])}")
    pdf.set_author("Crossroads")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_text_color(*INK)
    _heading(pdf, f"Progress report: {report['name']}", 18)
    _line(pdf, f"{_day(report['starts_on'])} to {_day(report['ends_on'])}", muted=True)
    _section(pdf, "Questionnaires")
    if not report["measures"] and not report.get("clinical_left_out"):
        _line(pdf, "No questionnaires in this period.")
    for measure in report["measures"]:
        _measure(pdf, measure, charts.measures.get(measure["name"]))
    if report.get("clinical_left_out"):
        _line(pdf, CLINICAL_LEFT_OUT)
    _section(pdf, "Goals")
    if not report["goals"]:
        _line(pdf, "No goals in this period.")
    if charts.goals is not None:
        _chart(pdf, charts.goals)
    for goal in report["goals"]:
        share = f", {goal['percent']}% of the way" if goal["percent"] is not None else ""
        check_ins = _count(goal["check_ins"], "check-in", "check-ins")
        _line(pdf, f"{goal['what']}: {goal['pace']}{share}; {check_ins} in this period.")
    _section(pdf, "Journal")
    journal = report["journal"]
    _line(pdf, f"{_count(journal['entries'], 'entry', 'entries')} in this period.")
    if charts.mood is not None:
        _chart(pdf, charts.mood)
    for statement in journal["statements"]:
        _line(pdf, f"- {statement}")
    if journal.get("balance"):
        _line(pdf, "Coping and healing work, in the weeks with any:")
    if charts.balance is not None:
        _chart(pdf, charts.balance)
    for week in journal.get("balance", []):
        _line(
            pdf,
            f"Week of {_day(week['week'])}: "
            f"{_count(week['coped'], 'entry', 'entries')} naming coping, "
            f"{_count(week['tools'], 'tool', 'tools')} used, "
            f"{_count(week['exercises'], 'exercise', 'exercises')}, "
            f"{_count(week['minutes_felt'], 'minute', 'minutes')} with a feeling.",
        )
    pdf.ln(4)
    _line(pdf, report["disclaimer"], muted=True)
    _line(pdf, f"Made on {_day(report['made_on'])} with Crossroads.", muted=True)
    return bytes(pdf.output())


def _measure(pdf: FPDF, measure: dict[str, Any], chart: MeasureChart | None) -> None:
    unit = "%" if measure["unit"] == "%" else ""
    results = "; ".join(
        f"{_day(r['day'])}: {r['score']}{unit} ({r['band']})" for r in measure["results"]
    )
    pdf.set_font("Helvetica", "B", 11)
    _cell(pdf, measure["name"], 6)
    if chart is not None:
        _chart(pdf, chart)
    _line(pdf, results)
    said = []
    if measure["change"]:
        said.append(f"Since the first in this period: {measure['change']}.")
    if measure["response"] is not None:
        said.append(f"Response: {'yes' if measure['response'] else 'not yet'}.")
    if measure["remission"] is not None:
        said.append(f"Remission: {'yes' if measure['remission'] else 'not yet'}.")
    if said:
        _line(pdf, " ".join(said))


def _chart(pdf: FPDF, chart: Chart) -> None:
    """The chart's title, its picture as the page draws it, and its summary."""
    template, macro, width = MACROS[type(chart)]
    page = templates.env.from_string(
        f'{{% from "{template}" import {macro} %}}{{{{ {macro}(chart, "pdf") }}}}'
    ).render(chart=chart)
    svg = SPOKEN.sub("", page[page.index("<svg") : page.index("</svg>") + len("</svg>")])
    _, _, across, down = (float(n) for n in chart.view_box.split())
    if pdf.will_page_break(5 + width * down / across + 5):  # the title stays with its picture
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    _cell(pdf, chart.title, 5)
    pdf.image(io.BytesIO(_plain(svg).encode()), x=pdf.l_margin, w=width)
    _line(pdf, chart.summary, muted=True)
    pdf.ln(2)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.set_font("Helvetica", "B", size)
    _cell(pdf, text, size * 0.55)
    pdf.ln(1)


def _section(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    _heading(pdf, text, 13)


def _line(pdf: FPDF, text: str, *, muted: bool = False) -> None:
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(*(MUTED if muted else INK))
    _cell(pdf, text, 5)
    pdf.set_text_color(*INK)


def _cell(pdf: FPDF, text: str, height: float) -> None:
    pdf.multi_cell(0, height, _plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _plain(text: str) -> str:
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"
