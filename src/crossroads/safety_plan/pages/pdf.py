"""A safety plan as a PDF to print or keep on a phone, laid out with fpdf2 like the progress
report (web/report_pdf.py), whose Latin-1 rules it shares. A blank part keeps room to write
in by hand, and the crisis lines for the person's region always close the plan."""

from collections.abc import Sequence
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from crossroads.kernel.resources import CrisisResource
from crossroads.safety_plan.rules import Section
from crossroads.web.report_pdf import INK, MUTED, PLAIN

HAND_WRITING_LINES = 3  # ruled lines left under a blank part


def safety_plan_pdf(
    parts: Sequence[tuple[Section, str]],
    resources: Sequence[CrisisResource],
    *,
    made_on: date,
    name: str | None = None,
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title("My safety plan")
    pdf.set_author("Crossroads")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_text_color(*INK)
    _text(pdf, "My safety plan" + (f": {name}" if name else ""), size=18, bold=True)
    _text(pdf, "Written while things are calmer, to reach for when they aren't.", muted=True)
    for section, written in parts:
        pdf.ln(3)
        _text(pdf, section.heading, size=12, bold=True)
        if written:
            _text(pdf, written)
        else:
            _ruled_lines(pdf)
    pdf.ln(4)
    _text(pdf, "Lines I can call or text any time", size=13, bold=True)
    for resource in resources:
        ways = "; ".join(contact.instructions for contact in resource.contacts)
        _text(pdf, resource.name, bold=True)
        _text(pdf, f"{ways}. {resource.hours}.")
    pdf.ln(4)
    _text(pdf, f"Made on {made_on.day} {made_on:%B %Y} with Crossroads.", muted=True)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: int = 10, bold: bool = False, muted: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.set_text_color(*(MUTED if muted else INK))
    plain = text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")
    pdf.multi_cell(0, size * 0.5, plain, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _ruled_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(*MUTED)
    for _ in range(HAND_WRITING_LINES):
        pdf.ln(7)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
