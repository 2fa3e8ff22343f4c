"""the reviewed verdict of a call, reviewers' sign-off, and the kind of a job's error

Revision ID: 0004_review
Revises: 0002_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review"
down_revision = "0002_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("final_score", sa.Float, nullable=True))
        batch.add_column(sa.Column("critical_failed", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("uncertain", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("fails", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("overrides", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("signed_off_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("signed_off_by", sa.String(64), nullable=True))
        batch.create_index("ix_calls_final_score", ["final_score"])
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("error_kind", sa.String(64), nullable=True))
    # Calls checked before this revision: the checker's verdict, with their overrides counted
    # (the next re-check or override recomputes the score with them).
    op.execute(
        "UPDATE calls SET final_score = score, "
        "critical_failed = CASE WHEN passed IS NULL THEN NULL ELSE NOT passed END, "
        "uncertain = (SELECT count(*) FROM findings "
        "  WHERE findings.call_id = calls.id AND findings.status = 'uncertain'), "
        "fails = (SELECT count(*) FROM findings "
        "  WHERE findings.call_id = calls.id AND findings.status = 'fail'), "
        "overrides = (SELECT count(*) FROM finding_overrides "
        "  WHERE finding_overrides.call_id = calls.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("error_kind")
    with op.batch_alter_table("calls") as batch:
        batch.drop_index("ix_calls_final_score")
        batch.drop_column("signed_off_by")
        batch.drop_column("signed_off_at")
        batch.drop_column("overrides")
        batch.drop_column("fails")
        batch.drop_column("uncertain")
        batch.drop_column("critical_failed")
        batch.drop_column("final_score")
