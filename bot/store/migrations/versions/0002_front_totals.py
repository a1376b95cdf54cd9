"""front totals: measured km² per stored snapshot, and its alert state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "front_totals",
        sa.Column("snapshot_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occupied_km2", sa.Float(), nullable=False),
        sa.Column("grey_km2", sa.Float(), nullable=False),
        sa.Column("ua_held_ru_km2", sa.Float(), nullable=False),
        sa.Column("grey_ru_km2", sa.Float(), nullable=False),
        sa.Column("alert_state", sa.String(length=20), nullable=True),
        sa.Column("alert_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["front_snapshots.id"],
            name=op.f("fk_front_totals_snapshot_id_front_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("snapshot_id", name=op.f("pk_front_totals")),
    )
    with op.batch_alter_table("front_totals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_front_totals_taken_at"), ["taken_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("front_totals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_front_totals_taken_at"))
    op.drop_table("front_totals")
