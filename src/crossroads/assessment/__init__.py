"""The assessment and the results that follow it: a person's goal in their own words, the validated
questionnaires they choose to answer and the route it suggests (therapy, coaching or both; never
a diagnosis), with the risk screen and the confirming ASQ; then the same questionnaires retaken
on a schedule, their trends over the published bands with reliable change, and the alerts and
trends a practitioner sees under the client's grants (clinical questionnaires only by a licensed
therapist, or by name; rules/scope.py). One feature, because an assessment's questionnaires and
their retakes are one history. Everything of the feature lives here: its pure rules, use cases,
tables, pages, API with its schemas, CLI commands and templates."""
