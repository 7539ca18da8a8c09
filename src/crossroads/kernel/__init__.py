"""The ideas every feature shares, pure and standard-library only: who a person is, the areas
of their data a practitioner can be granted, and the day it is where they live."""
