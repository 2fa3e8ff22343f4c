"""A call's status and reviewed verdict in the store, on SQLite and PostgreSQL: through its job's
life, a check, overrides and a sign-off."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from ivr.review.findings import Finding, Review
from ivr.store import calls, jobs
from ivr.store.db import make_engine, transaction
from ivr.store.migrate import alembic_config, upgrade_db
from ivr.store.models import Call
from ivr.store.overrides import add_override
from ivr.store.status import call_status, failure_kind
from ivr.store.users import add_user
from ivr.store.verdicts import refresh_verdict, sign_off
from ivr.verdict import Scored, verdict, weighted_score
from tests.store.test_calls import _call

MARK = 80


def _review(*statuses: str) -> Review:
    rules = ["greeting", "confirm_need", "closing", "banned_phrase"]
    findings = [
        Finding(rule=rule, status=status, message="", weight=10, critical=rule == "banned_phrase")
        for rule, status in zip(rules, statuses, strict=False)
    ]
    return Review(score=weighted_score(_scored(findings)), passed=True, findings=findings)


def _scored(findings: list[Finding]) -> list[Scored]:
    return [Scored(f.rule, f.weight, f.critical, f.status) for f in findings]


def _status(store: sessionmaker[Session], call_id: int) -> str:
    with transaction(store) as session:
        return call_status(session, call_id, MARK)


def test_a_call_goes_from_received_to_reviewed(store: sessionmaker[Session]) -> None:
    with transaction(store) as session:
        call_id = _call(session, 1).id
        user = add_user(session, "rita", "review-pass-1", "reviewer")
    assert _status(store, call_id) == "received"
    job_id = jobs.claim(store, "w1", timedelta(minutes=1))
    assert _status(store, call_id) == "transcribing"
    with transaction(store) as session:
        calls.save_review(
            session, call_id, _review("pass", "pass", "pass", "pass"), script_version="v1"
        )
    jobs.finish(store, job_id, "w1")
    assert _status(store, call_id) == "checked"
    with transaction(store) as session:
        calls.save_review(
            session, call_id, _review("pass", "uncertain", "pass", "pass"), script_version="v1"
        )
    assert _status(store, call_id) == "needs_review"
    with transaction(store) as session:
        sign_off(session, call_id, user)
    assert _status(store, call_id) == "reviewed"


def test_a_failed_job_says_why(store: sessionmaker[Session]) -> None:
    with transaction(store) as session:
        call_id = _call(session, 1).id
        absent = _call(session, 2, recording_status="absent", absent_reason="no answer").id
    job_id = jobs.claim(store, "w1", timedelta(minutes=1))
    jobs.finish(store, job_id, "w1", reason="not audio", kind="AudioError")
    with transaction(store) as session:
        assert call_status(session, call_id, MARK) == "failed"
        assert failure_kind(session.get(Call, call_id)) == "AudioError"
        assert call_status(session, absent, MARK) == "failed"
        assert failure_kind(session.get(Call, absent)) == "absent"
        jobs.retry(session, job_id)
    assert _status(store, call_id) == "received"


def test_overrides_recompute_the_score_and_the_checkers_stays(store: sessionmaker[Session]) -> None:
    with transaction(store) as session:
        call_id = _call(session, 1).id
        user = add_user(session, "rita", "review-pass-1", "reviewer")
        calls.save_review(
            session, call_id, _review("pass", "fail", "fail", "pass"), script_version="v1"
        )
    jobs.finish(store, jobs.claim(store, "w1", timedelta(minutes=1)), "w1")
    with transaction(store) as session:
        call = session.get(Call, call_id)
        assert (call.score, call.final_score, call.fails) == (50, 50, 2)
        add_override(session, call_id=call_id, rule="closing", before="fail", after="pass",
                     comment="said goodbye", user=user)  # fmt: skip
        refresh_verdict(session, call_id)
    with transaction(store) as session:
        call = session.get(Call, call_id)
        assert (call.score, call.final_score, call.fails, call.overrides) == (50, 75, 1, 1)
        assert call_status(session, call_id, MARK) == "needs_review"  # 75: near the pass mark
        add_override(session, call_id=call_id, rule="banned_phrase", before="pass", after="fail",
                     comment="rude", user=user)  # fmt: skip
        refresh_verdict(session, call_id)
    with transaction(store) as session:
        call = session.get(Call, call_id)
        assert call.critical_failed is True and call.final_score == 50


def test_the_verdict_needs_the_pass_mark_and_no_critical_failure() -> None:
    ok = verdict([Scored("a", 10, False, "pass"), Scored("b", 10, False, "uncertain")])
    assert (ok.score, ok.passed(70), ok.passed(80), ok.uncertain) == (75, True, False, ("b",))
    critical = verdict([Scored("a", 90, False, "pass"), Scored("b", 10, True, "fail")])
    assert critical.score == 90 and not critical.passed(80)
    assert verdict([Scored("a", 10, False, "na")]).score == 100


def test_the_migration_gives_overridden_calls_their_reviewed_score(db_url: str) -> None:
    """A store from before 0004_review, with an override: upgraded, the call's score is the
    reviewed one at once, not only after its next override or check."""
    engine = make_engine(db_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_web")
        connection.execute(
            text(
                "INSERT INTO calls (id, recording_sid, call_sid, kind, department_id, channels, "
                "recording_status, score, passed, created_at) "
                "VALUES (1, 'RE1', 'CA1', 'call', 'd', 2, 'completed', 50, true, :now)"
            ),
            {"now": datetime(2026, 11, 2)},
        )
        connection.execute(
            text("INSERT INTO users (id, username, password_hash, role, created_at) "
                 "VALUES (1, 'rita', 'x', 'reviewer', :now)"),
            {"now": datetime(2026, 11, 2)},
        )  # fmt: skip
        for position, (rule, status) in enumerate([("greeting", "pass"), ("closing", "fail")]):
            data = json.dumps({"rule": rule, "status": status, "weight": 10, "critical": False})
            connection.execute(
                text(
                    "INSERT INTO findings (call_id, position, rule, status, message, data) "
                    "VALUES (1, :position, :rule, :status, '', :data)"
                ),
                {"position": position, "rule": rule, "status": status, "data": data},
            )
        connection.execute(
            text(
                "INSERT INTO finding_overrides (call_id, rule, before, after, comment, user_id, "
                "created_at) VALUES (1, 'closing', 'fail', 'pass', 'said bye', 1, :now)"
            ),
            {"now": datetime(2026, 11, 2)},
        )
    upgrade_db(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT score, final_score, fails, overrides FROM calls WHERE id = 1")
        ).one()
    assert tuple(row) == (50, 100, 0, 1)
    engine.dispose()
