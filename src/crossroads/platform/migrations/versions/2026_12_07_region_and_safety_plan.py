"""A person's region for the crisis lines shown first; their safety plan, sealed.

Sharing the plan needs no change to `grants`: its area, "safety_plan", fits the column's 16
characters, and the column has no check constraint listing the areas.

Revision ID: 20261207a1
Revises: 20261123i1
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207a1"
down_revision: str | None = "20261123i1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("people") as people:
        people.add_column(sa.Column("region", sa.String(4), nullable=True))
    op.create_table(
        "safety_plans",
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_safety_plans_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_safety_plans")),
    )


def downgrade() -> None:
    op.drop_table("safety_plans")
    with op.batch_alter_table("people") as people:
        people.drop_column("region")
