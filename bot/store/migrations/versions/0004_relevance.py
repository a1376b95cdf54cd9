"""war relevance: sources whose every article is war news, and a chat's choice of everything from its sources

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch_op:
        batch_op.add_column(sa.Column("all_relevant", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("subscriptions") as batch_op:
        batch_op.add_column(sa.Column("all_news", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch_op:
        batch_op.drop_column("all_news")
    with op.batch_alter_table("sources") as batch_op:
        batch_op.drop_column("all_relevant")
