"""Referrals from a practitioner to another kind of help, for a client.

Revision ID: 20261123g1
Revises: 20261123f1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123g1"
down_revision: str | None = "20261123f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("referrer_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("to_kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("chosen_id", sa.String(36), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("decided_at", TIME, nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referrer_id"],
            ["people.id"],
            name=op.f("fk_referrals_referrer_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["people.id"],
            name=op.f("fk_referrals_client_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chosen_id"],
            ["practitioners.id"],
            name=op.f("fk_referrals_chosen_id_practitioners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    for column in ("referrer_id", "client_id", "chosen_id"):
        op.create_index(op.f(f"ix_referrals_{column}"), "referrals", [column])


def downgrade() -> None:
    op.drop_table("referrals")
