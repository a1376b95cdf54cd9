"""each chat chooses its sources: catalogue sources it turned off and sources it added

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch_op:
        batch_op.add_column(sa.Column("added", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "chat_sources",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("following", sa.Boolean(), nullable=False),
        sa.Column("failure_reported", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_chat_sources_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_chat_sources_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("chat_id", "source_id", name=op.f("pk_chat_sources")),
    )
    op.create_index("ix_chat_sources_source_id", "chat_sources", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_sources_source_id", table_name="chat_sources")
    op.drop_table("chat_sources")
    with op.batch_alter_table("sources") as batch_op:
        batch_op.drop_column("added")
