"""The assessment: a person's goal in their own words, the validated questionnaires they choose
to answer, and the route it suggests (therapy, coaching or both; never a diagnosis), with the
risk screen and the confirming ASQ. Everything of the feature lives here: its pure rules,
use cases, table, pages, API and templates."""
