"""People carry their party, employer, phone, e-mail and the channels they want notices by

A member's 党派, 工作单位及职务, 手机 and 邮箱 were kept outside the service; the units that
consult a member before handling (办前沟通) and the notices need them. Everyone starts with both
channels (e-mail and SMS) wanted; a channel is used only when its address is known.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("party", sa.String(64), nullable=True))
        batch.add_column(sa.Column("employer", sa.String(200), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(32), nullable=True))
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("notify_by", sa.JSON(), nullable=True))
    op.execute("""UPDATE users SET notify_by = '["email", "sms"]'""")
    with op.batch_alter_table("users") as batch:
        batch.alter_column("notify_by", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for name in ("notify_by", "email", "phone", "employer", "party"):
            batch.drop_column(name)
