"""The report PDF never fails on a name: characters the core font lacks become plain forms or
"?", and everything else reads back as written. It draws the same charts as the page (each
questionnaire, how far along each goal is, mood over time) under their titles and over the
sentences that stand in for them, and counts in words that agree with their numbers."""

import io
import re
from typing import Any

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
    assert (
        "Sleep by 23:00 - most nights: on track, 40% of the way; 6 check-ins in this period."
        in text
    )
    assert "1 September 2026 to 22 November 2026" in text
    assert "No questionnaires in this period." in text


def test_a_report_read_without_the_clinical_questionnaires_says_they_are_left_out() -> None:
    left_out = {**REPORT, "clinical_left_out": True}

    text = PdfReader(io.BytesIO(report_pdf(left_out))).pages[0].extract_text()

    assert "The PHQ-9, GAD-7 and PC-PTSD-5 results are left out" in text
    assert "No questionnaires in this period." not in text


WITH_CHARTS = {
    **REPORT,
    "measures": [
        {
            "name": "PHQ-9",
            "unit": "points",
            "results": [
                {"day": "2026-09-03", "score": 14, "band": "moderate"},
                {"day": "2026-11-20", "score": 4, "band": "minimal"},
            ],
            "change": "better",
            "response": True,
            "remission": True,
        }
    ],
    "goals": [
        {"what": "Sleep by 23:00", "pace": "on track", "percent": 40, "check_ins": 1},
        {"what": "Call Mum", "pace": "not done yet", "percent": 0, "check_ins": 0},
    ],
    "journal": {
        "entries": 1,
        "statements": [],
        "mood": [["2026-09-02", 4], ["2026-10-01", 6.5]],
    },
}


def pdf_text(report: dict[str, Any]) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(report))).pages
    )


def lines_drawn(report: dict[str, Any]) -> int:
    """How many straight lines the PDF draws (the `l` operator of its content streams)."""
    pages = PdfReader(io.BytesIO(report_pdf(report))).pages
    return sum(len(re.findall(rb"\sl\s", page.get_contents().get_data())) for page in pages)


def test_the_pdf_draws_the_charts_under_their_titles_with_their_text_alternatives() -> None:
    text = pdf_text(WITH_CHARTS)

    assert "PHQ-9 over time" in text
    assert "moderately severe" in text  # the bands are named beside the picture
    assert "2 results from 3 September 2026 to 20 November 2026; the latest is 4, minimal." in text
    assert "How far along each goal is" in text
    assert "Sleep by 23:00 is highest at 40%; Call Mum is lowest at 0%." in text
    assert "Mood over time" in text
    assert "2 days with a mood from 2 September 2026 to 1 October 2026" in text


def test_the_charts_are_drawn_as_lines_and_make_the_pdf_bigger() -> None:
    plain = report_pdf({**REPORT, "goals": []})
    charted = report_pdf(WITH_CHARTS)

    assert lines_drawn({**REPORT, "goals": []}) == 0
    assert lines_drawn(WITH_CHARTS) > 20  # axes, grid lines, bands and the mood line
    assert len(charted) > 2 * len(plain)


def test_counts_agree_with_their_numbers() -> None:
    text = pdf_text(WITH_CHARTS)

    assert "Sleep by 23:00: on track, 40% of the way; 1 check-in in this period." in text
    assert "Call Mum: not done yet, 0% of the way; 0 check-ins in this period." in text
    assert "1 entry in this period." in text
    assert "1 check-ins" not in text


def test_a_copy_shared_before_mood_was_kept_has_no_mood_chart() -> None:
    read = pdf_text({**WITH_CHARTS, "journal": {"entries": 3, "statements": []}})

    assert "3 entries in this period." in read
    assert "Mood over time" not in read


def test_each_week_of_coping_and_healing_work_is_a_line_in_words() -> None:
    week = {"week": "2026-11-16", "coped": 1, "tools": 2, "exercises": 1, "minutes_felt": 6}
    read = pdf_text({**REPORT, "journal": {"entries": 1, "statements": [], "balance": [week]}})

    assert (
        "Week of 16 November 2026: 1 entry naming coping, 2 tools used, 1 exercise, 6 minutes "
        "with a feeling." in " ".join(read.split())
    )


def test_two_weeks_of_work_draw_healing_works_share_over_the_weeks_lines() -> None:
    weeks = [
        {"week": "2026-11-16", "coped": 1, "tools": 2, "exercises": 1, "minutes_felt": 6},
        {"week": "2026-11-02", "coped": 2, "tools": 0, "exercises": 0, "minutes_felt": 0},
    ]
    report = {**REPORT, "goals": [], "journal": {"entries": 3, "statements": [], "balance": weeks}}

    read = " ".join(pdf_text(report).split())

    assert "Healing work, share of each week's effort" in read
    assert "Week of 16 Nov is highest at 25%; Week of 2 Nov is lowest at 0%." in read
    assert read.index("share of each week's effort") < read.index("Week of 16 November 2026:")
    assert lines_drawn(report) > 0
    one_week = {**report, "journal": {**report["journal"], "balance": weeks[:1]}}
    assert "Healing work, share" not in pdf_text(one_week)
