"""Whether a person wants check-in reminders by email (on unless they turn it off).

Revision ID: 20261123d1
Revises: 20261123c1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123d1"
down_revision: str | None = "20261123c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as people:
        people.add_column(
            sa.Column("check_in_reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("people") as people:
        people.drop_column("check_in_reminders")
