"""Scoring an assessment that carries 200 words of free text, beside the bare embedding model
reading the same text (its sentences in one batch, as the model must take a text that long).
Target: at most 1.3 times the bare model's time."""

from benchmarks.timing import paired_medians
from crossroads.assessment.service.assessments import run_assessment
from crossroads.text.classifier import shared_classifier
from crossroads.text.sentences import split_sentences

RUNS = 30
TARGET = 1.3
# Two hundred words in our own words: a steady person with a goal and a hard season behind.
TEXT = (
    "Work has been busy since the spring, and I have taken on a team of six for the first time. "
    "Most weeks go well, but I notice that I lie awake on Sunday nights going over everything "
    "that could go wrong. My manager says I am doing fine, and the results agree with her, yet "
    "I keep rewriting emails three times before I send them. Last year my father was ill for a "
    "long while, and I drove to see him every weekend; he is better now, and so am I, though I "
    "still feel tired in a way that sleep does not fix. I run twice a week and I cook most "
    "evenings, which helps. What I want is to lead meetings without rehearsing every sentence, "
    "to say no to extra projects when my plate is full, and to stop checking messages late at "
    "night. A friend suggested coaching; my sister thinks I should talk to someone about the "
    "worry. I am not sure which fits, so I would like an honest view of where I stand and what "
    "would help most over the next few months, at work and at home, for me and my whole family too."
)
ANSWERS = {
    "phq9": [1, 1, 1, 1, 0, 1, 0, 0, 0],
    "gad7": [1, 2, 1, 1, 0, 1, 0],
    "who5": [3, 3, 2, 3, 3],
    "goal": "Lead meetings without rehearsing every sentence",
    "area": "leadership",
    "steady": 7,
    "text": TEXT,
    "region": "GB",
}


def section() -> tuple[list[str], bool]:
    embedder = shared_classifier().embedder
    sentences = split_sentences(TEXT)
    run_assessment(ANSWERS)  # loads the model and warms up both paths
    embedder.embed(sentences)
    ours, bare = paired_medians(
        lambda: run_assessment(ANSWERS), lambda: embedder.embed(sentences), RUNS
    )
    ratio = ours / bare
    met = ratio <= TARGET
    return [
        "## Assessment scoring with 200 words of text",
        "",
        f"The whole assessment (three questionnaires, the goal and {len(TEXT.split())} words of "
        "free text read by the need and crisis classifiers, with evidence) beside the bare "
        f"embedding model reading the same text's {len(sentences)} sentences in one batch; "
        f"medians of {RUNS} runs taken in turn.",
        "",
        "| assessment | bare model | ratio | target | met |",
        "|---|---|---|---|---|",
        f"| {ours * 1000:.1f} ms | {bare * 1000:.1f} ms | {ratio:.2f}× | ≤ {TARGET}× "
        f"| {'yes' if met else 'no'} |",
        "",
    ], met
