"""Accounts hardened against guessing, replay, flooding and discovery.

- `attempts` replaces `failed_sign_ins` and the per-person counter: every throttled act (a wrong
  password or code, a reset request, a sign-up) is one row by source address and by a digest of
  the email it named, known or not, so that a lock looks the same for every address. The old
  rows describe a quarter of an hour at most and are dropped.
- `people.totp_last_step`: the last accepted one-time code's time step, refused from then on.
- `people.email_confirmed_at`: an account made on the sign-up page opens once its link is
  followed; accounts that exist now count as confirmed when they were made.
- `sessions.last_seen_at`, for the idle timeout; `access_tokens.expires_at`, a year after each
  existing token was made (the longest a new token may live).
- `password_resets.purpose`: the same one-time links also confirm a new address.
- `unmatched_shares`: a client's share with an address no practitioner has. It is kept and listed
  like any other share, so that the sharing page does not tell who has an account; it opens
  nothing.

Revision ID: 20261207b1
Revises: 20261207m1
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "20261207b1"
down_revision: str | None = "20261207m1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
YEAR = timedelta(
    days=365
)  # the longest a token made from now on may live (accounts/service/tokens.py)


def upgrade() -> None:
    op.drop_table("failed_sign_ins")
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_index(op.f("ix_attempts_source"), "attempts", ["source"])
    op.create_index(op.f("ix_attempts_account"), "attempts", ["account"])
    op.create_index(op.f("ix_attempts_at"), "attempts", ["at"])
    # Plain ALTERs, never a batch copy of `people`: on SQLite a copy drops the old table, and
    # dropping it would cascade to every row that references a person (their data keys too).
    op.drop_column("people", "failed_sign_ins")
    op.drop_column("people", "locked_until")
    op.add_column("people", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("people", sa.Column("email_confirmed_at", TIME, nullable=True))
    op.execute("UPDATE people SET email_confirmed_at = created_at")
    with op.batch_alter_table("sessions") as sessions:
        sessions.add_column(sa.Column("last_seen_at", TIME, nullable=True))
    op.execute("UPDATE sessions SET last_seen_at = created_at")
    with op.batch_alter_table("sessions") as sessions:
        sessions.alter_column("last_seen_at", existing_type=TIME, nullable=False)
    _give_tokens_an_expiry()
    with op.batch_alter_table("password_resets") as resets:
        resets.add_column(
            sa.Column("purpose", sa.String(16), nullable=False, server_default="reset")
        )
    op.create_table(
        "unmatched_shares",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("practitioner_email", sa.String(254), nullable=False),
        sa.Column("area", sa.String(16), nullable=False),
        sa.Column("granted_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["people.id"],
            name=op.f("fk_unmatched_shares_client_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unmatched_shares")),
    )
    op.create_index(op.f("ix_unmatched_shares_client_id"), "unmatched_shares", ["client_id"])


def _give_tokens_an_expiry() -> None:
    with op.batch_alter_table("access_tokens") as tokens:
        tokens.add_column(sa.Column("expires_at", TIME, nullable=True))
    table = sa.table(
        "access_tokens",
        sa.column("id", sa.String(36)),
        sa.column("created_at", TIME),
        sa.column("expires_at", TIME),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, table.c.created_at)).all()
    for token_id, created_at in rows:
        connection.execute(
            table.update().where(table.c.id == token_id).values(expires_at=created_at + YEAR)
        )
    with op.batch_alter_table("access_tokens") as tokens:
        tokens.alter_column("expires_at", existing_type=TIME, nullable=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_unmatched_shares_client_id"), table_name="unmatched_shares")
    op.drop_table("unmatched_shares")
    with op.batch_alter_table("password_resets") as resets:
        resets.drop_column("purpose")
    with op.batch_alter_table("access_tokens") as tokens:
        tokens.drop_column("expires_at")
    with op.batch_alter_table("sessions") as sessions:
        sessions.drop_column("last_seen_at")
    op.drop_column("people", "email_confirmed_at")
    op.drop_column("people", "totp_last_step")
    op.add_column("people", sa.Column("locked_until", TIME, nullable=True))
    op.add_column(
        "people", sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
    )
    op.drop_index(op.f("ix_attempts_at"), table_name="attempts")
    op.drop_index(op.f("ix_attempts_account"), table_name="attempts")
    op.drop_index(op.f("ix_attempts_source"), table_name="attempts")
    op.drop_table("attempts")
    op.create_table(
        "failed_sign_ins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_sign_ins")),
    )
    op.create_index(op.f("ix_failed_sign_ins_source"), "failed_sign_ins", ["source"])
    op.create_index(op.f("ix_failed_sign_ins_at"), "failed_sign_ins", ["at"])
