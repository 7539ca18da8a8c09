"""The coping and healing journal: entries (exercises included) and coping corrections.

Revision ID: 20261123e1
Revises: 20261123d1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123e1"
down_revision: str | None = "20261123d1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def _owner(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "journal_entries",
        *_owner("journal_entries"),
        sa.Column("at", TIME, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
    )
    op.create_index("ix_journal_entries_owner_id_at", "journal_entries", ["owner_id", "at"])
    op.create_table(
        "coping_corrections",
        *_owner("coping_corrections"),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
    )
    op.create_index(op.f("ix_coping_corrections_owner_id"), "coping_corrections", ["owner_id"])


def downgrade() -> None:
    op.drop_table("coping_corrections")
    op.drop_table("journal_entries")
