"""Journal imports added in the background: a large file's entries, sealed with the owner's key
until the last is added, the count added so far, and the claim of the worker adding them.

Revision ID: 20261207c1
Revises: 20261207b1
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207c1"
down_revision: str | None = "20261207b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "journal_imports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", TIME, nullable=True),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("sealed_screen", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_journal_imports_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_imports")),
    )
    op.create_index(op.f("ix_journal_imports_owner_id"), "journal_imports", ["owner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_journal_imports_owner_id"), table_name="journal_imports")
    op.drop_table("journal_imports")
