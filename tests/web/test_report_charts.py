"""The chart of coping and healing work week by week, shared by /journal/insights and the
progress report: healing work's share of each week's effort, for the latest weeks with any."""

from datetime import date, timedelta

from crossroads.journal.rules.balance import WEEKS
from crossroads.web.report_charts import balance_chart

MONDAY = date(2026, 11, 16)


def test_one_week_with_work_is_too_little_to_draw() -> None:
    assert balance_chart([]) is None
    assert balance_chart([(MONDAY, 2, 1), (MONDAY - timedelta(weeks=1), 0, 0)]) is None


def test_each_week_with_work_is_a_bar_of_healing_works_share_oldest_first() -> None:
    chart = balance_chart(
        [(MONDAY, 1, 3), (MONDAY - timedelta(weeks=2), 0, 0), (MONDAY - timedelta(weeks=1), 3, 0)]
    )

    assert chart is not None
    assert chart.title == "Healing work, share of each week's effort"
    assert chart.rows == (("Week of 9 Nov", "0%"), ("Week of 16 Nov", "75%"))


def test_only_the_latest_weeks_are_drawn_and_the_year_is_named_across_a_new_year() -> None:
    weeks = [(date(2027, 1, 4) - timedelta(weeks=n), 1, 1) for n in range(WEEKS + 3)]

    chart = balance_chart(weeks)

    assert chart is not None
    assert len(chart.rows) == WEEKS
    assert chart.rows[0][0] == "Week of 16 Nov 2026"
    assert chart.rows[-1] == ("Week of 4 Jan 2027", "50%")
