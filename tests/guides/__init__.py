"""Tests of the guides: the library's pages and the questions to ask a practitioner."""
