"""A client's trusted people: who they are (sealed with the client's key), what they may see,
and the digest of the link that opens it, until revoked.

Revision ID: 20261208m2
Revises: 20261208m1
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261208m2"
down_revision: str | None = "20261208m1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "trusted_people",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("token_digest", sa.String(64), nullable=True),
        sa.Column("areas", sa.String(64), nullable=False),
        sa.Column("show_my_name", sa.Boolean(), nullable=False),
        sa.Column("invited_at", TIME, nullable=False),
        sa.Column("link_sent_at", TIME, nullable=False),
        sa.Column("link_expires_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["people.id"],
            name=op.f("fk_trusted_people_client_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_people")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_trusted_people_token_digest")),
    )
    op.create_index(op.f("ix_trusted_people_client_id"), "trusted_people", ["client_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_trusted_people_client_id"), table_name="trusted_people")
    op.drop_table("trusted_people")
