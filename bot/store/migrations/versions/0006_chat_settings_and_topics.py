"""Telegram's conventions: a language chosen in /settings sticks, and digests go to the forum topic subscribed in

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chats") as batch_op:
        batch_op.add_column(sa.Column("lang_chosen", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("subscriptions") as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch_op:
        batch_op.drop_column("thread_id")
    with op.batch_alter_table("chats") as batch_op:
        batch_op.drop_column("lang_chosen")
