"""Coaching: goals a person sets and checks in on, the GROW conversation that plans one, the
experiments that try a strategy against an obstacle, and what a coach adds under the coaching
grant. Everything of the feature lives here: its pure rules, use cases, tables, pages, API,
CLI commands and templates."""
