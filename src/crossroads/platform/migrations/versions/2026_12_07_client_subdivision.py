"""Where a client is below the country, for matching them to therapists licensed there: an ISO
3166-2 subdivision ("US-NY", "CA-ON", "AU-NSW") beside the region. None: not said. Stored
licences keep their old bare "NY"-style jurisdictions; the directory reads those as US states.

Revision ID: 20261207m3
Revises: 20261207m2
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207m3"
down_revision: str | None = "20261207m2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER, never a batch copy of `people`: on SQLite a copy drops the old table, and
    # dropping it would cascade to every row that references a person.
    op.add_column("people", sa.Column("subdivision", sa.String(6), nullable=True))


def downgrade() -> None:
    op.drop_column("people", "subdivision")
