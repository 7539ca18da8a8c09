"""Practitioners and bookings. On PostgreSQL an exclusion constraint makes double booking
impossible in the database itself: no two live bookings of one practitioner may have
overlapping time ranges. It needs the btree_gist extension (in PostgreSQL's contrib, which
Debian's postgresql package includes); creating it needs a role allowed to create extensions.

Revision ID: 20261123f1
Revises: 20261123e1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123f1"
down_revision: str | None = "20261123e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
NO_OVERLAP = "ex_bookings_no_overlap"


def upgrade() -> None:
    op.create_table(
        "practitioners",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("accepting", sa.Boolean(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_practitioners_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practitioners")),
        sa.UniqueConstraint("person_id", name=op.f("uq_practitioners_person_id")),
        sa.UniqueConstraint("email", name=op.f("uq_practitioners_email")),
    )
    op.create_index(op.f("ix_practitioners_kind"), "practitioners", ["kind"])
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("practitioner_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("ends_at", TIME, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("meeting_link", sa.String(500), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_bookings_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["people.id"],
            name=op.f("fk_bookings_client_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index(
        "ix_bookings_practitioner_id_starts_at", "bookings", ["practitioner_id", "starts_at"]
    )
    op.create_index("ix_bookings_client_id_starts_at", "bookings", ["client_id", "starts_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            f"ALTER TABLE bookings ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist "
            "(practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            "WHERE (status = 'booked')"
        )


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_table("practitioners")
