"""The readiness a person sets for healing exercises: below it, an exercise suggests a calming
tool first.

Revision ID: 20261208m1
Revises: 20261207m7
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261208m1"
down_revision: str | None = "20261207m7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.add_column(sa.Column("readiness_threshold", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.drop_column("readiness_threshold")
