"""Which questionnaires a person answers is sealed: a retake's instrument moves into its sealed
payload and a schedule gains a sealed payload naming it. The old `instrument` columns stay,
nullable, until `crossroads db upgrade` has sealed the names they hold (it needs the keys,
which a migration does not have); one schedule per owner and instrument is kept by the use
case from then on, as the database can no longer see the instrument.

Revision ID: 20261207m1
Revises: 20261207e1
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m1"
down_revision: str | None = "20261207e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measures") as measures:
        measures.alter_column("instrument", existing_type=sa.String(16), nullable=True)
    with op.batch_alter_table("measure_schedules") as schedules:
        schedules.drop_constraint(op.f("uq_measure_schedules_owner_id"), type_="unique")
        schedules.alter_column("instrument", existing_type=sa.String(16), nullable=True)
        schedules.add_column(sa.Column("sealed", sa.Text(), nullable=True))


def downgrade() -> None:
    # Only a database whose names were never sealed can go back: the keys are not here.
    with op.batch_alter_table("measure_schedules") as schedules:
        schedules.drop_column("sealed")
        schedules.alter_column("instrument", existing_type=sa.String(16), nullable=False)
        schedules.create_unique_constraint(
            op.f("uq_measure_schedules_owner_id"), ["owner_id", "instrument"]
        )
    with op.batch_alter_table("measures") as measures:
        measures.alter_column("instrument", existing_type=sa.String(16), nullable=False)
