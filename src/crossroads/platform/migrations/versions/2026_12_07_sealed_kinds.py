"""What kind of journal entry (a grief exercise, say) and what kind of help a referral suggests
(therapy, say) are sealed: each moves into its row's sealed payload. The old columns stay,
nullable, until `crossroads db upgrade` has sealed what they hold (it needs the keys, which a
migration does not have). No table points at either, so the batch copy on SQLite cascades
nowhere.

Revision ID: 20261207m2
Revises: 20261207c1
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m2"
down_revision: str | None = "20261207c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("journal_entries") as entries:
        entries.alter_column("kind", existing_type=sa.String(24), nullable=True)
    with op.batch_alter_table("referrals") as referrals:
        referrals.alter_column("to_kind", existing_type=sa.String(16), nullable=True)


def downgrade() -> None:
    # Only a database whose kinds were never sealed can go back: the keys are not here.
    with op.batch_alter_table("referrals") as referrals:
        referrals.alter_column("to_kind", existing_type=sa.String(16), nullable=False)
    with op.batch_alter_table("journal_entries") as entries:
        entries.alter_column("kind", existing_type=sa.String(24), nullable=False)
