"""the reviewed verdict of a call, reviewers' sign-off, and the kind of a job's error

Revision ID: 0004_review
Revises: 0002_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ivr.verdict import scored, verdict

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
    # Calls checked before this revision: the checker's verdict, then the calls reviewers
    # overrode get their reviewed score from the statuses in force.
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

    _reviewed_scores()


def _reviewed_scores() -> None:
    # The tables as this revision knows them (not the models, which later revisions may change).
    findings = sa.table(
        "findings",
        sa.column("call_id", sa.Integer),
        sa.column("rule", sa.String),
        sa.column("status", sa.String),
        sa.column("data", sa.JSON),
    )
    overrides = sa.table(
        "finding_overrides",
        sa.column("id", sa.Integer),
        sa.column("call_id", sa.Integer),
        sa.column("rule", sa.String),
        sa.column("after", sa.String),
    )
    calls = sa.table(
        "calls",
        sa.column("id", sa.Integer),
        sa.column("final_score", sa.Float),
        sa.column("critical_failed", sa.Boolean),
        sa.column("uncertain", sa.Integer),
        sa.column("fails", sa.Integer),
    )
    bind = op.get_bind()
    newest: dict[int, dict[str, str]] = {}
    for call_id, rule, after in bind.execute(
        sa.select(overrides.c.call_id, overrides.c.rule, overrides.c.after).order_by(overrides.c.id)
    ):
        newest.setdefault(call_id, {})[rule] = after
    for call_id, decided in newest.items():
        rows = bind.execute(
            sa.select(findings.c.rule, findings.c.status, findings.c.data).where(
                findings.c.call_id == call_id
            )
        ).all()
        if not rows:
            continue
        found = verdict(scored(data, decided.get(rule, status)) for rule, status, data in rows)
        bind.execute(
            calls.update()
            .where(calls.c.id == call_id)
            .values(
                final_score=float(found.score),
                critical_failed=bool(found.critical_failed),
                uncertain=len(found.uncertain),
                fails=len(found.failed),
            )
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
