"""Recovery codes for two-factor sign-in: ten one-time codes per person, each kept as a keyed
digest beside its set's key, which is sealed under the person's data key.

Revision ID: 20261207m6
Revises: 20261207m5
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m6"
down_revision: str | None = "20261207m5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("sealed_key", sa.String(500), nullable=False),
        sa.Column("made_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_recovery_codes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_person_id"), "recovery_codes", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_recovery_codes_person_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
