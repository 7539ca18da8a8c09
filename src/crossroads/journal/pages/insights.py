"""A person's journal patterns as a page: what the journal can honestly say, in sentences with
their numbers, and charts of mood over time and the ways they coped from the first few entries
(pictures, not yet patterns, and said to be so), then the coping mix by month and how mood moves
after each kind of coping once there is enough; and the balance of coping and healing work,
week by week. A suggestion to see a therapist comes first
when the rule for it holds."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.journal.rules.coping import COPING
from crossroads.journal.rules.insights import JournalInsights, statements
from crossroads.journal.rules.patterns import FIRST_FEW, MIN_ENTRIES, MOOD_DAYS
from crossroads.journal.service.insights import insights_of
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.bar_charts import BarChart, bar_chart
from crossroads.web.charts import DAYS_WITH_A_MOOD, MOOD_SCALE, Counted, LineChart, line_chart
from crossroads.web.deps import templates
from crossroads.web.pages import page_router
from crossroads.web.report_charts import balance_chart

router = page_router()

MONTHS = Counted("month", "months", "The line and dots are each month's share.")


@router.get("/journal/insights", response_class=HTMLResponse)
def insights_page(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    with runtime.database.reading() as session:
        found = insights_of(session, runtime.master_keys, client, datetime.now(UTC))
    said = statements(found)
    context = {
        "insights": found,
        "therapy": [each for each in said if each.topic == "therapy"],
        "said": [each for each in said if each.topic not in ("therapy", "balance")],
        "balance_said": [each for each in said if each.topic == "balance"],
        "few": found.entries < MIN_ENTRIES,
        "first_few": FIRST_FEW,
        **charts(found),
    }
    return templates.TemplateResponse(request, "journal/insights.html", context)


def charts(found: JournalInsights) -> dict[str, LineChart | BarChart | None]:
    """The charts there is enough to draw; the template says plainly where there is not."""
    mood = None
    if len(found.daily_mood) >= MOOD_DAYS:
        mood = line_chart(
            found.daily_mood,
            guide=None,
            unit="of 10",
            title="Mood over time",
            counted=DAYS_WITH_A_MOOD,
            reach=MOOD_SCALE,
        )
    mix = None
    if found.coping_mix is not None:
        mix = bar_chart(
            [(COPING[each.kind].name, round(each.share * 100)) for each in found.coping_mix.kinds],
            title="Ways you coped",
            unit="%",
            places=0,
            reach=(100.0,),
        )
    monthly = None
    if len(found.monthly) >= 2:
        shares = [(month.month, round(month.share * 100, 1)) for month in found.monthly]
        monthly = line_chart(
            shares,
            guide=None,
            unit="%",
            title="Coping that costs more later, share by month",
            counted=MONTHS,
        )
    after = None
    if found.mood_after is not None and found.mood_after.kinds:
        after = bar_chart(
            [(COPING[each.kind].name, each.versus_usual) for each in found.mood_after.kinds],
            title="Mood by the next entry, against your usual change",
            unit="points",
        )
    healing = balance_chart(
        [(week.starts, week.coping, week.healing) for week in found.balance.weeks]
    )
    return {
        "mood_chart": mood,
        "mix_chart": mix,
        "monthly_chart": monthly,
        "after_chart": after,
        "balance_chart": healing,
    }
