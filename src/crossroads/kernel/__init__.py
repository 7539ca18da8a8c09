"""The ideas every feature shares, pure and standard-library only: who a person is, the areas
of their data a practitioner can be granted, and the day it is where they live; the errors a
rule raises and how a field's text is parsed; and safety: the risk levels, the phrase list read
in its frame, the ASQ, and the crisis lines for each region."""
