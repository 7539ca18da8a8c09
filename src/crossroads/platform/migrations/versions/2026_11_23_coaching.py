"""The coaching workspace: goals, steps, obstacles, strategies, check-ins and coaches' comments;
each person's time zone.

Revision ID: 20261123c1
Revises: 20261123b1
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123c1"
down_revision: str | None = "20261123b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)
GOAL_CHILDREN = ("goal_steps", "goal_obstacles", "goal_strategies", "goal_check_ins")


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(36), nullable=False)


def _owned_by_goal(table: str) -> list[sa.schema.SchemaItem]:
    """The columns and keys every row under a goal shares: its goal, its owner, a sealed body."""
    return [
        sa.Column("goal_id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f(f"fk_{table}_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    with op.batch_alter_table("people") as people:
        people.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC")
        )
    op.create_table(
        "goals",
        _id(),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("reminded_period", sa.Integer(), nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_goals_owner_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    _index("goals", "owner_id")
    op.create_table(
        "goal_steps",
        _id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("assigned_by", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["people.id"],
            name=op.f("fk_goal_steps_assigned_by_people"),
            ondelete="SET NULL",
        ),
        *_owned_by_goal("goal_steps"),
    )
    _index("goal_steps", "assigned_by")
    op.create_table(
        "goal_obstacles",
        _id(),
        sa.Column("position", sa.Integer(), nullable=False),
        *_owned_by_goal("goal_obstacles"),
    )
    op.create_table(
        "goal_strategies",
        _id(),
        sa.Column("obstacle_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["obstacle_id"],
            ["goal_obstacles.id"],
            name=op.f("fk_goal_strategies_obstacle_id_goal_obstacles"),
            ondelete="CASCADE",
        ),
        *_owned_by_goal("goal_strategies"),
    )
    _index("goal_strategies", "obstacle_id")
    op.create_table(
        "goal_check_ins",
        _id(),
        sa.Column("day", sa.Date(), nullable=False),
        *_owned_by_goal("goal_check_ins"),
    )
    op.create_table(
        "goal_comments",
        _id(),
        sa.Column("author_id", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_goal_comments_author_id_people"),
            ondelete="SET NULL",
        ),
        *_owned_by_goal("goal_comments"),
    )
    _index("goal_comments", "author_id")
    op.create_table(
        "coaching_conversations",
        _id(),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("goal_id", sa.String(36), nullable=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_coaching_conversations_owner_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_coaching_conversations_goal_id_goals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_conversations")),
    )
    _index("coaching_conversations", "owner_id")
    _index("coaching_conversations", "goal_id")
    for table in (*GOAL_CHILDREN, "goal_comments"):
        _index(table, "goal_id")
        _index(table, "owner_id")


def downgrade() -> None:
    op.drop_table("coaching_conversations")
    for table in ("goal_comments", "goal_check_ins", "goal_strategies", "goal_obstacles"):
        op.drop_table(table)
    op.drop_table("goal_steps")
    op.drop_table("goals")
    with op.batch_alter_table("people") as people:
        people.drop_column("time_zone")
