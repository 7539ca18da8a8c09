"""Guides: a small library of pages in our own words (therapy and coaching side by side, doing
both, a first session, time and cost, coping and healing) and the questions worth asking a
therapist or a coach in a consultation, rendered from Markdown files without raw HTML."""
