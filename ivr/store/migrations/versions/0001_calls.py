"""calls, jobs, transcripts, findings and script versions

Revision ID: 0001_calls
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_calls"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "script_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("department_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(128)),
        sa.UniqueConstraint("department_id", "version"),
    )
    op.create_table(
        "calls",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recording_sid", sa.String(64), nullable=False, unique=True),
        sa.Column("call_sid", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("department_id", sa.String(64), nullable=False, index=True),
        sa.Column("script_version", sa.String(64)),
        sa.Column("caller", sa.String(64)),
        sa.Column("agent", sa.String(128)),
        sa.Column("started_at", sa.DateTime, index=True),
        sa.Column("duration", sa.Float),
        sa.Column("queue_wait", sa.Float),
        sa.Column("channels", sa.Integer, nullable=False),
        sa.Column("agent_channel", sa.Integer),
        sa.Column("recording_url", sa.Text),
        sa.Column("recording_status", sa.String(16), nullable=False),
        sa.Column("absent_reason", sa.Text),
        sa.Column("audio_path", sa.Text),
        sa.Column("score", sa.Float),
        sa.Column("passed", sa.Boolean),
        sa.Column("review", sa.JSON),
        sa.Column("checked_version", sa.String(64)),
        sa.Column("reviewed_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "call_id",
            sa.Integer,
            sa.ForeignKey("calls.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("reason", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("worker", sa.String(128)),
        sa.Column("lease_until", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
    )
    op.create_table(
        "transcripts",
        sa.Column(
            "call_id",
            sa.Integer,
            sa.ForeignKey("calls.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "call_id",
            sa.Integer,
            sa.ForeignKey("calls.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in ("findings", "transcripts", "jobs", "calls", "script_versions"):
        op.drop_table(table)
