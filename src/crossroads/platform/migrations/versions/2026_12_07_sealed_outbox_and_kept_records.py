"""The outbox sealed at rest and forgetful once sent; a client's records outlive a practitioner.

Outbox: recipient, subject and body move into one sealed envelope (`sealed`), opened only by
the worker; a row records its kind and status, and the people it is to or about (so deleting a
person purges their unsent mail). Messages still unsent at upgrade keep their words in the
envelope as plain JSON (no keys here) and are sent as before; sent rows lose them now.

Bookings, shared notes and homework keep the client's copy when the practitioner goes: the
practitioner's reference is set to null and they are shown as a former practitioner. Notes the
practitioner never shared go with them (ops/privacy.py), as nobody else may read them.

Revision ID: 20261207e1
Revises: 20261207a1
Create Date: 2026-12-07
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207e1"
down_revision: str | None = "20261207a1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
GIVE_UP_AFTER = 8  # platform/outbox_rows.py's MAX_ATTEMPTS when this migration was written


def upgrade() -> None:
    _outbox_up()
    op.create_table(
        "outbox_people",
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox.id"],
            name=op.f("fk_outbox_people_message_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", "person_id", name=op.f("pk_outbox_people")),
    )
    op.create_index(op.f("ix_outbox_people_person_id"), "outbox_people", ["person_id"])
    op.create_table(
        "outbox_keys",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_keys")),
    )
    _keep_on_practitioner_deletion()


def _outbox_up() -> None:
    with op.batch_alter_table("outbox") as outbox:
        outbox.add_column(sa.Column("kind", sa.String(40), nullable=False, server_default="mail"))
        outbox.add_column(
            sa.Column("status", sa.String(12), nullable=False, server_default="queued")
        )
        outbox.add_column(sa.Column("sealed", sa.Text(), nullable=True))
    bind = op.get_bind()
    table = sa.table(
        "outbox",
        sa.column("id", sa.String),
        sa.column("recipient", sa.String),
        sa.column("subject", sa.String),
        sa.column("body", sa.Text),
        sa.column("attempts", sa.Integer),
        sa.column("sent_at", TIME),
        sa.column("status", sa.String),
        sa.column("sealed", sa.Text),
    )
    bind.execute(table.update().where(table.c.sent_at.is_not(None)).values(status="sent"))
    bind.execute(
        table.update()
        .where(table.c.sent_at.is_(None), table.c.attempts >= GIVE_UP_AFTER)
        .values(status="failed")
    )
    waiting = bind.execute(
        sa.select(table.c.id, table.c.recipient, table.c.subject, table.c.body).where(
            table.c.status == "queued"
        )
    ).all()
    for message_id, recipient, subject, body in waiting:
        words = {"to": recipient, "subject": subject, "body": body}
        bind.execute(
            table.update()
            .where(table.c.id == message_id)
            .values(sealed="plain:" + json.dumps(words, ensure_ascii=False))
        )
    with op.batch_alter_table("outbox") as outbox:
        outbox.drop_column("recipient")
        outbox.drop_column("subject")
        outbox.drop_column("body")
        outbox.alter_column("kind", server_default=None, existing_type=sa.String(40))
        outbox.alter_column("status", server_default=None, existing_type=sa.String(12))
    op.create_index(op.f("ix_outbox_status"), "outbox", ["status"])


def _keep_on_practitioner_deletion() -> None:
    with op.batch_alter_table("bookings") as bookings:
        bookings.alter_column("practitioner_id", existing_type=sa.String(36), nullable=True)
        bookings.drop_constraint("fk_bookings_practitioner_id_practitioners", type_="foreignkey")
        bookings.create_foreign_key(
            "fk_bookings_practitioner_id_practitioners",
            "practitioners",
            ["practitioner_id"],
            ["id"],
            ondelete="SET NULL",
        )
    for table, column in (("session_notes", "author_id"), ("homework", "assigned_by")):
        name = f"fk_{table}_{column}_people"
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.String(36), nullable=True)
            batch.drop_constraint(name, type_="foreignkey")
            batch.create_foreign_key(name, "people", [column], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    for table, column in (("session_notes", "author_id"), ("homework", "assigned_by")):
        name = f"fk_{table}_{column}_people"
        rows = sa.table(table, sa.column(column, sa.String))
        op.execute(rows.delete().where(rows.c[column].is_(None)))
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="foreignkey")
            batch.create_foreign_key(name, "people", [column], ["id"], ondelete="CASCADE")
            batch.alter_column(column, existing_type=sa.String(36), nullable=False)
    bookings_table = sa.table("bookings", sa.column("practitioner_id", sa.String))
    op.execute(bookings_table.delete().where(bookings_table.c.practitioner_id.is_(None)))
    with op.batch_alter_table("bookings") as bookings:
        bookings.drop_constraint("fk_bookings_practitioner_id_practitioners", type_="foreignkey")
        bookings.create_foreign_key(
            "fk_bookings_practitioner_id_practitioners",
            "practitioners",
            ["practitioner_id"],
            ["id"],
            ondelete="CASCADE",
        )
        bookings.alter_column("practitioner_id", existing_type=sa.String(36), nullable=False)
    op.drop_table("outbox_keys")
    op.drop_index(op.f("ix_outbox_people_person_id"), table_name="outbox_people")
    op.drop_table("outbox_people")
    # Sealed words cannot come back without the keys; what is left unsent is dropped.
    outbox_table = sa.table("outbox", sa.column("status", sa.String))
    op.execute(outbox_table.delete().where(outbox_table.c.status != "sent"))
    op.drop_index(op.f("ix_outbox_status"), table_name="outbox")
    with op.batch_alter_table("outbox") as outbox:
        outbox.add_column(sa.Column("recipient", sa.String(254), nullable=False, server_default=""))
        outbox.add_column(sa.Column("subject", sa.String(200), nullable=False, server_default=""))
        outbox.add_column(sa.Column("body", sa.Text(), nullable=False, server_default=""))
        outbox.drop_column("sealed")
        outbox.drop_column("status")
        outbox.drop_column("kind")
