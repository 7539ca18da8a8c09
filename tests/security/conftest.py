"""The security primitives are tested at their real cost, not the suite's quick one."""

import pytest


@pytest.fixture(autouse=True)
def quick_password_hashing() -> None:
    """Overrides the suite-wide fixture: password hashing here runs at production cost."""
