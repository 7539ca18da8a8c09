"""The start page, the assessment form and the result page, read as a person sees them."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from crossroads.assessment.rules.instruments import (
    GAD2,
    GAD7,
    PCPTSD5,
    PCPTSD5_EXPOSURE,
    PHQ2,
    PHQ9,
    WHO5,
    Instrument,
)

RESULT_ADDRESS = re.compile(r"/assessments/[0-9a-f-]{36}")
ROUTE_HEADINGS = (
    "Therapy looks like the right fit",
    "Coaching looks like the right fit",
    "Therapy and coaching together look like the right fit",
    "We need a little more to suggest a path",
)


@dataclass
class Control:
    """One form control: its attributes, whether a <label> wraps it, its fieldset's legend."""

    tag: str
    attrs: dict[str, str]
    in_label: bool
    legend: str | None


class FormPage(HTMLParser):
    """The controls, legends and label targets of a page, with character references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[Control] = []
        self.legends: list[str] = []
        self.label_targets: set[str] = set()
        self._labels = 0
        self._fieldsets: list[str | None] = []
        self._legend: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "label":
            self._labels += 1
            if "for" in values:
                self.label_targets.add(values["for"])
        elif tag == "fieldset":
            self._fieldsets.append(None)
        elif tag == "legend":
            self._legend = []
        elif tag in {"input", "select", "textarea"}:
            legend = self._fieldsets[-1] if self._fieldsets else None
            self.controls.append(Control(tag, values, self._labels > 0, legend))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._labels -= 1
        elif tag == "fieldset":
            self._fieldsets.pop()
        elif tag == "legend" and self._legend is not None:
            text = " ".join("".join(self._legend).split())
            self.legends.append(text)
            self._fieldsets[-1] = text
            self._legend = None

    def handle_data(self, data: str) -> None:
        if self._legend is not None:
            self._legend.append(data)

    def radios(self) -> list[Control]:
        return [c for c in self.controls if c.attrs.get("type") == "radio"]

    def checked(self) -> set[tuple[str, str]]:
        return {(c.attrs["name"], c.attrs["value"]) for c in self.radios() if "checked" in c.attrs}


def parse(html: str) -> FormPage:
    page = FormPage()
    page.feed(html)
    page.close()
    return page


def numbered(*instruments: Instrument) -> list[str]:
    """The item legends the form should show, numbered from 1 within each questionnaire."""
    return [f"{n}. {item}" for each in instruments for n, item in enumerate(each.items, 1)]


def scale(instrument: Instrument, answers: Sequence[int]) -> dict[str, str]:
    return {f"{instrument.key}_{n}": str(answer) for n, answer in enumerate(answers)}


def trauma(*answers: bool) -> dict[str, str]:
    """PC-PTSD-5 fields: no answers means no frightening event."""
    if not answers:
        return {"pcptsd5_exposure": "no"}
    items = {f"pcptsd5_{n}": "yes" if yes else "no" for n, yes in enumerate(answers)}
    return {"pcptsd5_exposure": "yes", **items}


STEADY_WITH_GOAL = {
    **scale(PHQ9, [0, 1, 0, 1, 0, 0, 1, 0, 0]),
    **scale(GAD7, [1, 1, 0, 1, 0, 0, 0]),
    **scale(WHO5, [4, 3, 4, 3, 4]),
    **trauma(),
    "goal": "Lead my team with more confidence and get promoted by June",
    "area": "leadership",
    "steady": "8",
    "stuck_pattern": "no",
    "region": "US",
    "length": "full",
}
LOW_WITHOUT_GOAL = {
    **scale(PHQ9, [2, 2, 2, 2, 1, 2, 1, 1, 0]),
    **scale(GAD7, [2, 2, 1, 1, 1, 1, 1]),
    **scale(WHO5, [2, 2, 1, 2, 2]),
    **trauma(True, True, True, False, False),
    "steady": "3",
    "stuck_pattern": "yes",
    "text": "It has been a hard winter.",
    "region": "GB",
    "length": "full",
}
ALL_ZERO_PHQ9 = scale(PHQ9, [0] * 9)


def submit(client: TestClient, fields: dict[str, str]) -> str:
    """Post the form, follow its 303 to the result, and return the result page."""
    response = client.post("/assessment", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert RESULT_ADDRESS.fullmatch(response.headers["location"])
    result = client.get(response.headers["location"])
    assert result.status_code == 200
    return result.text


def test_the_start_page_explains_therapy_and_coaching_and_links_to_both_forms(
    client: TestClient,
) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert "Therapy heals" in response.text
    assert "licensed clinicians" in response.text
    assert "Coaching builds" in response.text
    assert "It looks forward: at a goal" in response.text
    assert 'href="/assessment"' in response.text
    assert 'href="/assessment?form=short"' in response.text


def test_the_full_form_shows_every_item_of_the_four_questionnaires_verbatim(
    client: TestClient,
) -> None:
    page = parse(client.get("/assessment").text)

    items = [legend for legend in page.legends if re.match(r"\d+\. ", legend)]
    assert items == numbered(PHQ9, GAD7, WHO5, PCPTSD5)
    assert PCPTSD5_EXPOSURE in page.legends


@pytest.mark.parametrize("instrument", [PHQ9, GAD7, WHO5], ids=lambda each: each.key)
def test_each_item_is_a_radio_group_under_its_legend_with_the_published_answers(
    client: TestClient, instrument: Instrument
) -> None:
    page = parse(client.get("/assessment").text)

    for n, item in enumerate(instrument.items):
        group = [c for c in page.radios() if c.attrs["name"] == f"{instrument.key}_{n}"]
        assert {c.legend for c in group} == {f"{n + 1}. {item}"}
        assert [c.attrs["value"] for c in group] == [str(c.value) for c in instrument.choices]


def test_every_radio_group_has_a_legend_and_every_control_a_label(client: TestClient) -> None:
    for address in ("/assessment", "/assessment?form=short"):
        page = parse(client.get(address).text)

        assert page.radios()
        assert all(radio.legend for radio in page.radios())
        visible = [c for c in page.controls if c.attrs.get("type") != "hidden"]
        unlabelled = [
            c.attrs.get("name")
            for c in visible
            if not c.in_label and c.attrs.get("id") not in page.label_targets
        ]
        assert unlabelled == [], address


def test_the_short_form_shows_only_the_two_question_checks(client: TestClient) -> None:
    html = client.get("/assessment?form=short").text
    page = parse(html)

    items = [legend for legend in page.legends if re.match(r"\d+\. ", legend)]
    assert items == numbered(PHQ2, GAD2)
    assert {c.attrs["name"] for c in page.radios()} == {
        "phq2_0",
        "phq2_1",
        "gad2_0",
        "gad2_1",
        "stuck_pattern",
    }
    assert PHQ9.items[8] not in html
    assert "pcptsd5" not in html


@pytest.mark.parametrize(
    ("fields", "heading", "route"),
    [
        (STEADY_WITH_GOAL, ROUTE_HEADINGS[1], "coaching"),
        (LOW_WITHOUT_GOAL, ROUTE_HEADINGS[0], "therapy"),
        ({**LOW_WITHOUT_GOAL, "goal": "Finish my degree this year"}, ROUTE_HEADINGS[2], "both"),
        ({"goal": "Write a novel", "length": "full"}, ROUTE_HEADINGS[3], "undetermined"),
    ],
    ids=["coaching", "therapy", "both", "undetermined"],
)
def test_a_submitted_form_redirects_to_a_result_page_showing_the_route(
    client: TestClient, fields: dict[str, str], heading: str, route: str
) -> None:
    html = submit(client, fields)

    assert f"<h1>{heading}</h1>" in html
    assert f'Suggested route: <strong class="route">{route}</strong>' in html
    assert [other for other in ROUTE_HEADINGS if other != heading and other in html] == []


def test_an_undetermined_result_says_what_would_help(client: TestClient) -> None:
    html = submit(client, {"goal": "Write a novel", "length": "full"})

    assert "What would help us say more" in html
    assert "How steady you feel (0 to 10)" in html


def section(html: str, heading: str) -> str:
    """The part of the page from a heading to the next <h2> or the end of <details>."""
    start = html.index(heading)
    ends = [at for at in (html.find("<h2", start), html.find("</details>", start)) if at > 0]
    return html[start : min(ends, default=len(html))]


def test_a_result_leads_with_three_reasons_each_citing_its_evidence_once(
    client: TestClient,
) -> None:
    html = submit(client, {**LOW_WITHOUT_GOAL, "goal": "Finish my degree this year"})

    leading = section(html, "Why we suggest this</h2>")
    assert re.findall(r"<h3>([^<]+)</h3>", leading) == [
        "Low mood",
        "Something painful that still follows you",
        "A pattern that keeps coming back",
    ]
    assert "PHQ-9 (mood): a total of 13 out of 27, in the moderate range." in leading
    assert "You said yes to feeling stuck in a pattern" in leading
    assert "Based on" not in html
    evidence = re.findall(r'<p class="evidence">([^<]+)</p>', html)
    assert len(evidence) == len(set(evidence))  # each piece of evidence is cited once


def test_the_rest_and_the_scores_wait_behind_why_in_detail(client: TestClient) -> None:
    html = submit(client, {**LOW_WITHOUT_GOAL, "goal": "Finish my degree this year"})

    detail = html[html.index("<details") : html.index("</details>")]
    assert "<summary>Why, in detail</summary>" in detail
    titles = re.findall(r"<h3>([^<]+)</h3>", detail)
    assert titles[:4] == [
        "Not feeling steady",
        "A goal to work toward",
        "Some worry",
        "Something to heal, something to build",
    ]
    assert "You rated how steady you feel at 3 out of 10." in detail
    assert '<table class="measures">' in detail
    assert "stuck_pattern" not in html


@pytest.mark.parametrize(
    ("fields", "links"),
    [
        (STEADY_WITH_GOAL, ["See practitioners who fit", "Plan your goal, step by step"]),
        (LOW_WITHOUT_GOAL, ["See practitioners who fit", "Start a journal"]),
        (
            {**LOW_WITHOUT_GOAL, "goal": "Finish my degree this year"},
            ["See practitioners who fit", "Plan your goal, step by step", "Start a journal"],
        ),
    ],
    ids=["coaching", "therapy", "both"],
)
def test_a_result_says_what_to_do_next_as_links(
    client: TestClient, fields: dict[str, str], links: list[str]
) -> None:
    html = submit(client, fields)

    next_steps = section(html, "What you can do next</h2>")
    shown = re.findall(r"<a [^>]*>([^<]+)</a>", next_steps)
    assert [link for link in shown if link in links] == links
    assert 'href="/grow"' in next_steps or "Plan your goal" not in links


def test_the_quick_form_gives_a_result_too(client: TestClient) -> None:
    html = submit(client, {**scale(PHQ2, [2, 2]), **scale(GAD2, [0, 1]), "length": "short"})

    assert f"<h1>{ROUTE_HEADINGS[0]}</h1>" in html
    assert "PHQ-2 (mood, short)" in html


@pytest.mark.parametrize(
    ("fields", "question", "gap"),
    [
        ({k: v for k, v in LOW_WITHOUT_GOAL.items() if k != "phq9_2"}, "question 3", "phq9_2"),
        ({k: v for k, v in LOW_WITHOUT_GOAL.items() if k != "gad7_6"}, "question 7", "gad7_6"),
        (
            {k: v for k, v in LOW_WITHOUT_GOAL.items() if k != "pcptsd5_1"},
            "question 2",
            "pcptsd5_1",
        ),
    ],
    ids=["phq9", "gad7", "pcptsd5"],
)
def test_a_half_answered_questionnaire_comes_back_naming_the_question_and_keeping_answers(
    client: TestClient, fields: dict[str, str], question: str, gap: str
) -> None:
    response = client.post("/assessment", data={**fields, "goal": "Sleep through the night"})

    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert f'<a href="#{gap}">' in response.text  # the question's first choice
    assert f'id="{gap}"' in response.text
    assert question in response.text.lower()
    page = parse(response.text)
    kept = {(name, value) for name, value in fields.items() if re.fullmatch(r"\w+_\d", name)}
    assert kept <= page.checked()
    goal = next(c for c in page.controls if c.attrs.get("name") == "goal")
    assert goal.attrs["value"] == "Sleep through the night"


def test_every_unanswered_question_is_listed_in_every_section_started(
    client: TestClient,
) -> None:
    fields = {k: v for k, v in LOW_WITHOUT_GOAL.items() if k not in {"phq9_2", "phq9_7", "gad7_0"}}

    response = client.post("/assessment", data=fields)

    summary = response.text.split('id="error-summary"')[1].split("</div>")[0]
    assert [line for line in summary.splitlines() if "<li>" in line] == [
        '    <li><a href="#phq9_2">Question 3 of the PHQ-9 has no answer</a></li>',
        '    <li><a href="#phq9_7">Question 8 of the PHQ-9 has no answer</a></li>',
        '    <li><a href="#gad7_0">Question 1 of the GAD-7 has no answer</a></li>',
    ]
    assert "autofocus" in response.text.split('id="error-summary"')[1].split(">")[0]
    assert "or leave the whole section blank" in summary


def test_a_half_answered_quick_form_comes_back_as_the_quick_form(client: TestClient) -> None:
    response = client.post("/assessment", data={"phq2_0": "1", "length": "short"})

    assert response.status_code == 422
    assert "question 2" in response.text.lower()
    assert parse(response.text).checked() == {("phq2_0", "1")}
    assert PHQ9.items[2] not in response.text


def test_the_error_message_names_the_questionnaire_as_the_form_does(client: TestClient) -> None:
    fields = {k: v for k, v in LOW_WITHOUT_GOAL.items() if k != "phq9_2"}

    response = client.post("/assessment", data=fields)

    assert "Question 3 of the PHQ-9 has no answer" in response.text


CRISIS_FORMS = {
    "goal": {**ALL_ZERO_PHQ9, "goal": "I'm going to end my life tonight", "steady": "8"},
    "own words": {
        **ALL_ZERO_PHQ9,
        "text": "The pills are in my drawer. Tonight is the night.",
        "goal": "Get promoted",
    },
}


@pytest.mark.parametrize("fields", CRISIS_FORMS.values(), ids=CRISIS_FORMS.keys())
def test_a_crisis_result_shows_the_lines_before_anything_else(
    client: TestClient, fields: dict[str, str]
) -> None:
    html = submit(client, {**fields, "region": "US", "length": "full"})

    lines = html.index('href="tel:988"')
    assert 'href="sms:741741?body=HOME"' in html
    assert 'href="tel:911"' in html
    assert lines < html.index('href="/safety-plan') < html.index("When you're ready")
    assert html.index("When you're ready") < html.index("What we noticed")
    assert html.index("What we noticed") < html.index("Your screening results")
    assert html.index("You don't have to go through this alone") < lines
    assert 'href="/practitioners?kind=therapist"' in html


@pytest.mark.parametrize("fields", CRISIS_FORMS.values(), ids=CRISIS_FORMS.keys())
def test_a_crisis_result_suggests_no_other_route(
    client: TestClient, fields: dict[str, str]
) -> None:
    html = submit(client, {**fields, "region": "US", "length": "full"})

    assert "Suggested route" not in html
    assert [heading for heading in ROUTE_HEADINGS if heading in html] == []
    assert "If things get hard" not in html


def test_a_crisis_result_in_great_britain_shows_samaritans_and_shout(client: TestClient) -> None:
    html = submit(client, {**CRISIS_FORMS["goal"], "region": "GB", "length": "full"})

    assert "Call 116 123" in html
    assert 'href="tel:116123"' in html
    assert 'href="sms:85258?body=SHOUT"' in html
    assert 'href="tel:999"' in html
    assert 'href="tel:988"' not in html


def test_a_plainly_negated_phrase_with_a_steady_goal_gives_coaching(client: TestClient) -> None:
    fields = {"goal": "I'm not suicidal, I just want a promotion", "steady": "8", "region": "US"}

    html = submit(client, fields)

    assert f"<h1>{ROUTE_HEADINGS[1]}</h1>" in html
    assert "What we noticed" not in html


def test_a_result_without_crisis_still_lists_the_lines_lower_down(client: TestClient) -> None:
    html = submit(client, STEADY_WITH_GOAL)

    assert html.index("Suggested route") < html.index("If things get hard")
    assert html.index("If things get hard") < html.index('href="tel:988"')
    assert 'href="sms:741741?body=HOME"' in html


def test_an_unknown_result_is_an_html_page_not_found(client: TestClient) -> None:
    response = client.get("/assessments/no-such-id")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Nothing here</h1>" in response.text


def test_words_that_read_as_distress_are_quoted_as_the_reason(client: TestClient) -> None:
    sentence = "Since my father died I can't stop crying at night."
    html = submit(client, {"goal": "Finish my degree this year", "steady": "7", "text": sentence})

    assert 'Suggested route: <strong class="route">both</strong>' in html
    assert "In your words: “Since my father died I can&#39;t stop crying at night.”" in html


def test_risk_only_the_text_model_reads_asks_with_the_lines_first_and_keeps_the_route(
    client: TestClient,
) -> None:
    html = submit(
        client,
        {
            "goal": "Sort out my flat",
            "text": "I've given away my guitar and written letters to everyone. "
            "Tonight feels right.",
            "region": "GB",
        },
    )

    assert html.index("Samaritans") < html.index("Before your suggestion: a few questions")
    assert html.index("a few questions") < html.index('Suggested route: <strong class="route">')
    assert "given away my guitar" in html


ITEM9_ONE = {**scale(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]), "goal": "Get promoted", "steady": "8"}
ASQ_FIELDS = ("wished_dead", "family_better_off", "thoughts_of_killing_self", "tried_before")


def answer_asq(client: TestClient, html: str, answers: dict[str, str]) -> str:
    action = re.search(r'action="(/assessments/[^"]+/asq)"', html)
    assert action is not None
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    fields = {f"asq_{key}": value for key, value in answers.items()}
    if token is not None:
        fields["csrf_token"] = token.group(1)
    response = client.post(action.group(1), data=fields, follow_redirects=True)
    assert response.status_code == 200, response.text
    return response.text


def test_item9_shows_the_lines_on_top_asks_the_asq_and_keeps_the_result_below(
    client: TestClient,
) -> None:
    html = submit(client, {**ITEM9_ONE, "region": "US", "length": "full"})

    lines = html.index('href="tel:988"')
    assert lines < html.index("Before your suggestion: a few questions")
    assert html.index("a few questions") < html.index('Suggested route: <strong class="route">')
    assert "In the past few weeks, have you wished you were dead?" in html


def test_answering_no_to_the_asq_keeps_the_result_and_asks_no_more(client: TestClient) -> None:
    html = submit(client, {**ITEM9_ONE, "region": "US", "length": "full"})

    after = answer_asq(client, html, dict.fromkeys(ASQ_FIELDS, "no"))

    assert 'Suggested route: <strong class="route">coaching</strong>' in after
    assert "a few questions" not in after


def test_a_yes_to_right_now_turns_the_result_into_the_crisis_page(client: TestClient) -> None:
    html = submit(client, {**ITEM9_ONE, "region": "US", "length": "full"})

    answers = {**dict.fromkeys(ASQ_FIELDS, "no"), "wished_dead": "yes", "thoughts_right_now": "yes"}
    after = answer_asq(client, html, answers)

    assert "You don't have to go through this alone" in after
    assert "Suggested route" not in after


def test_a_half_answered_asq_lists_every_question_left_and_keeps_the_lines_first(
    client: TestClient,
) -> None:
    html = submit(client, {**ITEM9_ONE, "region": "US", "length": "full"})
    action = re.search(r'action="(/assessments/[^"]+/asq)"', html)
    assert action is not None

    refused = client.post(action.group(1), data={"asq_wished_dead": "yes"})

    assert refused.status_code == 422
    page = refused.text
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("asq_family_better_off", "Question 2 has no answer"),
        ("asq_thoughts_of_killing_self", "Question 3 has no answer"),
        ("asq_tried_before", "Question 4 has no answer"),
        ("asq_thoughts_right_now", "Question 5 has no answer"),
    ]
    assert all(f'id="{key}"' in page for key, _ in re.findall(r'href="#([^"]+)">(.)', summary))
    assert page.index('href="tel:988"') < page.index('id="error-summary"')
