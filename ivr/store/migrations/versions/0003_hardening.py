"""session versions per user (logout ends every copy of a cookie) and failed logins

Revision ID: 0003_hardening
Revises: 0004_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_hardening"
down_revision = "0004_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer, nullable=False, server_default="0")
        )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(128), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
