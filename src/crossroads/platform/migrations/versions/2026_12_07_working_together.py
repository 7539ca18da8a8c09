"""Working together: one message thread per client and practitioner, with its sealed messages;
a client's care team and the coordination note its members share; session notes kept as the
practitioner's own record (sealed under the author's key, a client's copy under the client's
key once shared, kept when the client's account goes, for as many years as the practice keeps
records); and until when a practitioner's licence lets them see clinical questionnaires.

Notes written before stay sealed under the client's key (`sealed_for_author` false) until
`crossroads db upgrade`, which holds the keys, seals them again under their author's.

Revision ID: 20261207m5
Revises: 20261207m4
Create Date: 2026-12-07
"""

import json
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m5"
down_revision: str | None = "20261207m4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def _person(table: str, column: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], name=op.f(f"fk_{table}_{column}_people"), ondelete=ondelete
    )


def upgrade() -> None:
    _threads()
    _care_teams()
    _kept_notes()
    op.add_column("people", sa.Column("clinical_until", sa.Date(), nullable=True))
    _clinical_until()
    op.add_column("people", sa.Column("records_kept_years", sa.Integer(), nullable=True))


def _threads() -> None:
    op.create_table(
        "message_threads",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("practitioner_id", sa.String(36), nullable=True),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("opened_by", sa.String(16), nullable=False),
        _person("message_threads", "client_id"),
        _person("message_threads", "practitioner_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_threads")),
        sa.UniqueConstraint(
            "client_id", "practitioner_id", name=op.f("uq_message_threads_client_id")
        ),
    )
    op.create_index(
        op.f("ix_message_threads_practitioner_id"), "message_threads", ["practitioner_id"]
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("thread_id", sa.String(36), nullable=False),
        sa.Column("from_client", sa.Boolean(), nullable=False),
        sa.Column("sent_at", TIME, nullable=False),
        sa.Column("read_at", TIME, nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["message_threads.id"],
            name=op.f("fk_messages_thread_id_message_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index("ix_messages_thread_sent", "messages", ["thread_id", "sent_at"])


def _care_teams() -> None:
    op.create_table(
        "care_team_members",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("practitioner_id", sa.String(36), nullable=False),
        sa.Column("joined_at", TIME, nullable=False),
        sa.Column("joined_through", sa.String(16), nullable=False),
        sa.Column("sees_team", sa.Boolean(), nullable=False),
        sa.Column("left_at", TIME, nullable=True),
        sa.Column("sealed", sa.Text(), nullable=True),
        _person("care_team_members", "client_id"),
        _person("care_team_members", "practitioner_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_team_members")),
        sa.UniqueConstraint(
            "client_id", "practitioner_id", name=op.f("uq_care_team_members_client_id")
        ),
    )
    op.create_index(
        op.f("ix_care_team_members_practitioner_id"), "care_team_members", ["practitioner_id"]
    )
    op.create_table(
        "coordination_notes",
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        _person("coordination_notes", "client_id"),
        _person("coordination_notes", "updated_by", "SET NULL"),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_coordination_notes")),
    )
    op.create_index(op.f("ix_coordination_notes_updated_by"), "coordination_notes", ["updated_by"])


def _kept_notes() -> None:
    name = "fk_session_notes_client_id_people"
    with op.batch_alter_table("session_notes") as notes:
        notes.add_column(sa.Column("client_copy", sa.Text(), nullable=True))
        notes.add_column(
            sa.Column("sealed_for_author", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        notes.alter_column("client_id", existing_type=sa.String(36), nullable=True)
        notes.drop_constraint(name, type_="foreignkey")
        notes.create_foreign_key(name, "people", ["client_id"], ["id"], ondelete="SET NULL")


def _clinical_until() -> None:
    """Each listed practitioner's account remembers the last day their listing's licences hold,
    as booking's `Profile.clinical_until` reads it: the latest expiry, unless the listing is a
    coach's. Every stored listing was checked when it was saved, so each licence has a date."""
    listings = sa.table(
        "practitioners",
        sa.column("person_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("profile", sa.Text),
    )
    people = sa.table("people", sa.column("id", sa.String), sa.column("clinical_until", sa.Date))
    bind = op.get_bind()
    found = bind.execute(
        sa.select(listings.c.person_id, listings.c.profile).where(
            listings.c.person_id.is_not(None), listings.c.kind != "coach"
        )
    )
    for person_id, profile in found.all():
        licences = json.loads(profile).get("licences") or []
        expiries = [date.fromisoformat(str(each["expires_on"])) for each in licences]
        if expiries:
            update = people.update().where(people.c.id == person_id)
            bind.execute(update.values(clinical_until=max(expiries)))


def downgrade() -> None:
    op.drop_column("people", "records_kept_years")
    op.drop_column("people", "clinical_until")
    name = "fk_session_notes_client_id_people"
    notes_table = sa.table("session_notes", sa.column("client_id", sa.String))
    op.execute(notes_table.delete().where(notes_table.c.client_id.is_(None)))
    with op.batch_alter_table("session_notes") as notes:
        notes.drop_constraint(name, type_="foreignkey")
        notes.create_foreign_key(name, "people", ["client_id"], ["id"], ondelete="CASCADE")
        notes.alter_column("client_id", existing_type=sa.String(36), nullable=False)
        notes.drop_column("sealed_for_author")
        notes.drop_column("client_copy")
    op.drop_table("coordination_notes")
    op.drop_table("care_team_members")
    op.drop_index("ix_messages_thread_sent", table_name="messages")
    op.drop_table("messages")
    op.drop_table("message_threads")
