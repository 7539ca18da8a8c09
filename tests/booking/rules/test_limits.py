"""The note a client writes with a booking: trimmed, and kept up to its length."""

import pytest

from crossroads.booking.rules.limits import MAX_NOTE, booking_note
from crossroads.kernel.errors import InvalidInput


@pytest.mark.parametrize("note", ["", "Evenings suit me", "x" * MAX_NOTE])
def test_a_note_up_to_its_length_is_kept_trimmed(note: str) -> None:
    assert booking_note(f"  {note}\n") == note


def test_a_note_one_past_its_length_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        booking_note("x" * (MAX_NOTE + 1))

    assert refused.value.field == "note"
