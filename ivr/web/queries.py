"""The calls the list shows: filters read from the query string, one SQL query, effective statuses.

A finding's effective status is the newest reviewer override of its rule on that call, else the
checker's. The list, its filters and its exports all use that one status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from ivr.errors import IvrError
from ivr.store.models import Call, FindingRow, TranscriptRow
from ivr.store.overrides import FindingOverride

PAGE_SIZE = 25
CHUNK = 500


class FilterError(IvrError):
    """A filter in the query string cannot be read."""


@dataclass(frozen=True)
class CallFilter:
    department: str = ""
    agent: str = ""
    date_from: date | None = None
    date_to: date | None = None
    rule: str = ""
    score_min: float | None = None
    score_max: float | None = None
    q: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, **changes: object) -> dict[str, str]:
        """The query string that gives this filter back (for paging and export links)."""
        values = replace(self, **changes)  # type: ignore[arg-type]
        pairs = {
            "department": values.department,
            "agent": values.agent,
            "date_from": values.date_from.isoformat() if values.date_from else "",
            "date_to": values.date_to.isoformat() if values.date_to else "",
            "rule": values.rule,
            "score_min": _number(values.score_min),
            "score_max": _number(values.score_max),
            "q": values.q,
            "page": str(values.page) if values.page > 1 else "",
        }
        return {k: v for k, v in pairs.items() if v}


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def parse_filter(args: MultiDict[str, str]) -> CallFilter:
    """Read the filters; an unreadable one is ignored and named in `errors`, never a 500."""
    errors: dict[str, str] = {}

    def read(name: str, parse: Any, hint: str) -> Any:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse(raw)
        except ValueError:
            errors[name] = f"{raw!r} is not {hint}"
            return None

    page = read("page", int, "a page number") or 1
    return CallFilter(
        department=args.get("department", "").strip(),
        agent=args.get("agent", "").strip(),
        date_from=read("date_from", date.fromisoformat, "a date like 2026-01-31"),
        date_to=read("date_to", date.fromisoformat, "a date like 2026-01-31"),
        rule=args.get("rule", "").strip(),
        score_min=read("score_min", float, "a number"),
        score_max=read("score_max", float, "a number"),
        q=args.get("q", "").strip(),
        page=max(page, 1),
        errors=errors,
    )


def _latest_override(rule: Any) -> Any:
    return (
        select(FindingOverride.after)
        .where(FindingOverride.call_id == Call.id, FindingOverride.rule == rule)
        .order_by(FindingOverride.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _fails(rule: str) -> Any:
    """The call's `rule` is failed once overrides are applied."""
    checker_fail = exists().where(
        FindingRow.call_id == Call.id,
        FindingRow.rule == rule,
        FindingRow.status == "fail",
    )
    latest = _latest_override(rule)
    return or_(latest == "fail", and_(latest.is_(None), checker_fail))


def calls_query(f: CallFilter) -> Select[tuple[Call]]:
    query = select(Call)
    if f.department:
        query = query.where(Call.department_id == f.department)
    if f.agent:
        query = query.where(Call.agent == f.agent)
    if f.date_from:
        query = query.where(Call.started_at >= datetime.combine(f.date_from, time(), UTC))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time(), UTC)
        query = query.where(Call.started_at < end)
    if f.score_min is not None:
        query = query.where(Call.score >= f.score_min)
    if f.score_max is not None:
        query = query.where(Call.score <= f.score_max)
    if f.rule:
        query = query.where(_fails(f.rule))
    if f.q:
        # Vosk writes Mandarin with spaces between words: search without them on both sides.
        needle = "".join(f.q.split())
        query = query.where(
            exists().where(
                TranscriptRow.call_id == Call.id,
                func.replace(TranscriptRow.text, " ", "").contains(needle, autoescape=True),
            )
        )
    return query


def count_calls(session: Session, f: CallFilter) -> int:
    return session.scalar(select(func.count()).select_from(calls_query(f).subquery())) or 0


def page_of_calls(session: Session, f: CallFilter) -> list[Call]:
    size = PAGE_SIZE
    query = _ordered(calls_query(f)).offset((f.page - 1) * size).limit(size)
    return list(session.scalars(query))


def export_calls(session: Session, f: CallFilter) -> list[Row[Any]]:
    """Every filtered call, newest first, with the columns the exports write (no JSON blobs)."""
    columns = (
        Call.id,
        Call.call_sid,
        Call.started_at,
        Call.department_id,
        Call.agent,
        Call.duration,
        Call.score,
        Call.passed,
    )
    return list(session.execute(_ordered(calls_query(f)).with_only_columns(*columns)))


def scored_calls(session: Session, f: CallFilter) -> list[Row[Any]]:
    """The filtered calls that have a score, as (id, started_at, department_id, agent, score)."""
    query = calls_query(f).where(Call.score.is_not(None), Call.started_at.is_not(None))
    columns = (Call.id, Call.started_at, Call.department_id, Call.agent, Call.score)
    return list(session.execute(query.with_only_columns(*columns)))


def _ordered(query: Select[tuple[Call]]) -> Select[tuple[Call]]:
    return query.order_by(Call.started_at.desc().nulls_last(), Call.id.desc())


def effective_statuses(session: Session, call_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Per call, every rule's status once the newest override of each rule is applied.

    Reads three columns per finding, never the evidence, so it stays cheap for the dashboard."""
    ids = list(call_ids)
    statuses: dict[int, dict[str, str]] = {call_id: {} for call_id in ids}
    # In chunks: a database takes only so many bound parameters in one IN (...).
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for call_id, rule, checker in session.execute(
            select(FindingRow.call_id, FindingRow.rule, FindingRow.status)
            .where(FindingRow.call_id.in_(chunk))
            .order_by(FindingRow.call_id, FindingRow.position)
        ):
            statuses[call_id][rule] = checker
        for call_id, rule, after in session.execute(
            select(FindingOverride.call_id, FindingOverride.rule, FindingOverride.after)
            .where(FindingOverride.call_id.in_(chunk))
            .order_by(FindingOverride.id)
        ):
            statuses[call_id][rule] = after
    return statuses


def failed_rules(statuses: dict[str, str]) -> list[str]:
    return [rule for rule, status in statuses.items() if status == "fail"]


def choices(session: Session) -> dict[str, list[str]]:
    """The values the filter menus offer: those that occur in the store."""
    return {
        "departments": list(
            session.scalars(select(Call.department_id).distinct().order_by(Call.department_id))
        ),
        "agents": list(
            session.scalars(
                select(Call.agent).where(Call.agent.is_not(None)).distinct().order_by(Call.agent)
            )
        ),
        "rules": list(
            session.scalars(select(FindingRow.rule).distinct().order_by(FindingRow.rule))
        ),
    }


def export_row(call: Row[Any], statuses: dict[str, str]) -> dict[str, Any]:
    """One call as the CSV and JSON exports write it."""
    return {
        "id": call.id,
        "call_sid": call.call_sid,
        "started_at": call.started_at.isoformat() if call.started_at else None,
        "department": call.department_id,
        "agent": call.agent,
        "duration": call.duration,
        "score": call.score,
        "passed": call.passed,
        "failed_rules": failed_rules(statuses),
        "statuses": statuses,
    }
