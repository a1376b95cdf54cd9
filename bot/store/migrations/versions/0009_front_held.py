"""front snapshots: a map held back as implausible until the next map confirms or discards it

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("front_snapshots") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), server_default="accepted", nullable=False))
        batch_op.add_column(sa.Column("hold_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("front_snapshots") as batch_op:
        batch_op.drop_column("hold_reason")
        batch_op.drop_column("status")
