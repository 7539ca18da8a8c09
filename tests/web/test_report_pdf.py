"""The report PDF never fails on a name: characters the core font lacks become plain forms or
"?", and everything else reads back as written."""

import io

from pypdf import PdfReader

from crossroads.web.report_pdf import report_pdf

REPORT = {
    "name": "Zoë “Lu” Li 李",
    "starts_on": "2026-09-01",
    "ends_on": "2026-11-22",
    "made_on": "2026-11-23",
    "measures": [],
    "goals": [
        {"what": "Sleep by 23:00 — most nights", "pace": "on track", "percent": 40, "check_ins": 6}
    ],
    "journal": {"entries": 0, "statements": []},
    "disclaimer": "This is a screening, not a diagnosis.",
}


def test_a_name_outside_latin1_still_prints() -> None:
    text = PdfReader(io.BytesIO(report_pdf(REPORT))).pages[0].extract_text()
    assert 'Progress report: Zoë "Lu" Li ?' in text
    assert "Sleep by 23:00 - most nights: on track, 40% of the way; 6 check-ins." in text
    assert "1 September 2026 to 22 November 2026" in text
    assert "No questionnaires in this period." in text


def test_a_report_read_without_the_clinical_questionnaires_says_they_are_left_out() -> None:
    left_out = {**REPORT, "clinical_left_out": True}

    text = PdfReader(io.BytesIO(report_pdf(left_out))).pages[0].extract_text()

    assert "The PHQ-9, GAD-7 and PC-PTSD-5 results are left out" in text
    assert "No questionnaires in this period." not in text
