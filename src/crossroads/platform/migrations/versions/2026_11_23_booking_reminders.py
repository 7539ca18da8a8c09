"""When a booking's reminder went out, so that each booking is reminded of once.

Revision ID: 20261123h1
Revises: 20261123g1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123h1"
down_revision: str | None = "20261123g1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as bookings:
        bookings.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as bookings:
        bookings.drop_column("reminded_at")
