"""Hypothesis strategies for valid assessment input, shared by the property tests."""

from typing import Any

from hypothesis import strategies as st

from crossroads.assessment.rules.answers import Area


def scale(count: int, top: int = 3) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, top), min_size=count, max_size=count)


valid_input: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {},
    optional={
        "phq9": scale(9),
        "gad7": scale(7),
        "who5": scale(5, top=5),
        "pcptsd5": st.one_of(
            st.just({"exposure": False}),
            st.builds(
                lambda items: {"exposure": True, "items": items},
                st.lists(st.booleans(), min_size=5, max_size=5),
            ),
        ),
        "goal": st.text(min_size=1, max_size=40).map(str.strip).filter(bool),
        "area": st.sampled_from([area.value for area in Area]),
        "steady": st.integers(0, 10),
        "stuck_pattern": st.booleans(),
        "region": st.sampled_from(["US", "CA", "GB", "IE", "AU", "NZ", "FR"]),
    },
)
