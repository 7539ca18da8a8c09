"""Kinds of appointment: a practitioner's own kinds (length, fee, online or in person, notice)
are kept beside their public profile, and a booking keeps the kind as it was booked (its name,
fee and currency), how the two sides meet, and after a consultation whether it was a fit (and
when the client was asked by email).
Bookings made before keep what they were: a consultation was free, a session cost the
profile's fee, and a booking with a meeting link was online.

Revision ID: 20261207m4
Revises: 20261207m3
Create Date: 2026-12-07
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m4"
down_revision: str | None = "20261207m3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("practitioners", sa.Column("appointments", sa.Text(), nullable=True))
    op.add_column(
        "bookings", sa.Column("appointment", sa.String(60), server_default="", nullable=False)
    )
    op.add_column("bookings", sa.Column("fee", sa.Integer(), server_default="0", nullable=False))
    op.add_column(
        "bookings", sa.Column("currency", sa.String(3), server_default="USD", nullable=False)
    )
    op.add_column(
        "bookings", sa.Column("mode", sa.String(16), server_default="online", nullable=False)
    )
    op.add_column("bookings", sa.Column("fit", sa.String(16), nullable=True))
    op.add_column("bookings", sa.Column("fit_asked_at", sa.DateTime(timezone=True), nullable=True))
    _describe_earlier_bookings()


def _describe_earlier_bookings() -> None:
    connection = op.get_bind()
    profiles = {
        row.id: json.loads(row.profile)
        for row in connection.execute(sa.text("SELECT id, profile FROM practitioners"))
    }
    rows = connection.execute(
        sa.text("SELECT id, practitioner_id, kind, meeting_link FROM bookings")
    ).all()
    for row in rows:
        profile = profiles.get(row.practitioner_id, {})
        consultation = row.kind == "consultation"
        connection.execute(
            sa.text(
                "UPDATE bookings SET appointment = :name, fee = :fee, currency = :currency,"
                " mode = :mode WHERE id = :id"
            ),
            {
                "id": row.id,
                "name": "Free consultation" if consultation else "Session",
                "fee": 0 if consultation else int(profile.get("fee", 0)),
                "currency": str(profile.get("currency", "USD")),
                "mode": "online" if row.meeting_link else "in_person",
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as bookings:
        for column in ("fit_asked_at", "fit", "mode", "currency", "fee", "appointment"):
            bookings.drop_column(column)
    with op.batch_alter_table("practitioners") as practitioners:
        practitioners.drop_column("appointments")
