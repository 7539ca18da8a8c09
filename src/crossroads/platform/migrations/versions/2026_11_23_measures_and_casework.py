"""Repeated measures with retake schedules; session notes, homework and shared reports.

Revision ID: 20261123i1
Revises: 20261123h1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123i1"
down_revision: str | None = "20261123h1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def _person(table: str, column: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], name=op.f(f"fk_{table}_{column}_people"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "measures",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("instrument", sa.String(16), nullable=False),
        sa.Column("taken_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        _person("measures", "owner_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    op.create_index("ix_measures_owner_taken", "measures", ["owner_id", "taken_at"])
    op.create_table(
        "measure_schedules",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("instrument", sa.String(16), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(36), nullable=True),
        sa.Column("set_at", TIME, nullable=False),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        _person("measure_schedules", "owner_id"),
        _person("measure_schedules", "set_by", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_schedules")),
        sa.UniqueConstraint("owner_id", "instrument", name=op.f("uq_measure_schedules_owner_id")),
    )
    for column in ("owner_id", "set_by"):
        op.create_index(op.f(f"ix_measure_schedules_{column}"), "measure_schedules", [column])
    op.create_table(
        "session_notes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=False),
        sa.Column("written_at", TIME, nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        _person("session_notes", "client_id"),
        _person("session_notes", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_notes")),
    )
    op.create_table(
        "homework",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("assigned_by", sa.String(36), nullable=False),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        _person("homework", "client_id"),
        _person("homework", "assigned_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework")),
    )
    op.create_table(
        "shared_reports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("practitioner_id", sa.String(36), nullable=False),
        sa.Column("shared_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        _person("shared_reports", "client_id"),
        _person("shared_reports", "practitioner_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_reports")),
    )
    for table, columns in (
        ("session_notes", ("client_id", "author_id")),
        ("homework", ("client_id", "assigned_by")),
        ("shared_reports", ("client_id", "practitioner_id")),
    ):
        for column in columns:
            op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table in ("shared_reports", "homework", "session_notes", "measure_schedules", "measures"):
        op.drop_table(table)
