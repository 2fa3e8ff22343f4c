"""The calls the list shows: filters read from the query string, one SQL query, sorted by any
column, with each call's status.

A finding's effective status is the newest reviewer override of its rule on that call, else the
checker's (`ivr.store.verdicts`); the score the list shows, filters and sorts is the reviewed one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from ivr.errors import IvrError
from ivr.store.models import Call, FindingRow, TranscriptRow
from ivr.store.overrides import FindingOverride
from ivr.store.status import STATUSES, status_of, with_job
from ivr.store.verdicts import effective_statuses
from ivr.web.format import call_status, rule_name
from ivr.web.i18n import current_language, gettext

PAGE_SIZE = 25
YES_NO = ("yes", "no")
SORTS = ("date", "department", "agent", "duration", "score", "status", "failed")
DIRECTIONS = ("asc", "desc")
SORT_NAMES = {
    "date": "Date",
    "department": "Department",
    "agent": "Agent",
    "duration": "Duration",
    "score": "Score",
    "status": "Status",
    "failed": "Failed rules",
}
DIRECTION_NAMES = {"asc": "ascending", "desc": "descending"}
__all__ = ["effective_statuses"]
# The ranges a filter is read into: beyond them a value is an error message, never a query
# that overflows (a date's next day, an offset past 64 bits).
MAX_PAGE = 100_000
FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2999, 12, 31)
MAX_TEXT = 200


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
    status: str = ""
    uncertain: str = ""  # yes | no
    reviewed: str = ""  # yes | no: signed off by a reviewer
    overridden: str = ""  # yes | no
    sort: str = "date"
    dir: str = "desc"
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
            "status": values.status,
            "uncertain": values.uncertain,
            "reviewed": values.reviewed,
            "overridden": values.overridden,
            "sort": values.sort if values.sort != "date" else "",
            "dir": values.dir if values.dir != "desc" else "",
            "page": str(values.page) if values.page > 1 else "",
        }
        return {k: v for k, v in pairs.items() if v}


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _page(raw: str) -> int:
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(raw)
    return page


def _date(raw: str) -> date:
    day = date.fromisoformat(raw)
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(raw)
    return day


def _score(raw: str) -> float:
    score = float(raw)
    if not (math.isfinite(score) and 0 <= score <= 100):
        raise ValueError(raw)
    return score


def _text(raw: str) -> str:
    if len(raw) > MAX_TEXT or any(ord(c) < 32 for c in raw):
        raise ValueError(raw)
    return raw


def _hint(name: str) -> str:
    """What the filter `name` must be, in the page's language."""
    if name == "page":
        return gettext("a page number from 1 to {last}", last=MAX_PAGE)
    if name in ("date_from", "date_to"):
        a_date = "a date from {first} to {last}, like 2026-01-31"
        return gettext(a_date, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
    if name in ("score_min", "score_max"):
        return gettext("a number from 0 to 100")
    short_text = "text of at most {count} characters, without control characters"
    return gettext(short_text, count=MAX_TEXT)


def parse_filter(args: MultiDict[str, str]) -> CallFilter:
    """Read the filters into range; a bad one is ignored and named in `errors` (in the page's
    language), never a 500."""
    errors: dict[str, str] = {}

    def read(name: str, parse: Callable[[str], Any]) -> Any:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse(raw)
        except ValueError:
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            errors[name] = gettext("“{value}” is not {hint}.", value=shown, hint=_hint(name))
            return None

    def one_of(
        name: str, allowed: tuple[str, ...], says: Callable[[str], str], default: str = ""
    ) -> str:
        raw = args.get(name, "").strip()
        if not raw or raw in allowed:
            return raw or default
        listed = (
            "、".join(map(says, allowed))
            if current_language() == "zh"
            else ", ".join(map(says, allowed))
        )
        errors[name] = gettext("“{value}” is not one of: {allowed}.", value=raw, allowed=listed)
        return default

    return CallFilter(
        department=read("department", _text) or "",
        agent=read("agent", _text) or "",
        date_from=read("date_from", _date),
        date_to=read("date_to", _date),
        rule=read("rule", _text) or "",
        score_min=read("score_min", _score),
        score_max=read("score_max", _score),
        q=read("q", _text) or "",
        status=one_of("status", STATUSES, call_status),
        uncertain=one_of("uncertain", YES_NO, _yes_no_name),
        reviewed=one_of("reviewed", YES_NO, _yes_no_name),
        overridden=one_of("overridden", YES_NO, _yes_no_name),
        sort=one_of("sort", SORTS, lambda column: gettext(SORT_NAMES[column]), "date"),
        dir=one_of("dir", DIRECTIONS, lambda way: gettext(DIRECTION_NAMES[way]), "desc"),
        page=read("page", _page) or 1,
        errors=errors,
    )


def _yes_no_name(value: str) -> str:
    return gettext("Yes") if value == "yes" else gettext("No")


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


def _yes_no(value: str, condition: ColumnElement[bool]) -> ColumnElement[bool] | None:
    return {"yes": condition, "no": ~condition}.get(value)


def calls_query(f: CallFilter, pass_mark: float) -> Select[tuple[Call]]:
    query = with_job(select(Call))
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
        query = query.where(Call.final_score >= f.score_min)
    if f.score_max is not None:
        query = query.where(Call.final_score <= f.score_max)
    if f.status:
        query = query.where(status_of(pass_mark) == f.status)
    for value, condition in (
        (f.uncertain, Call.uncertain > 0),
        (f.reviewed, Call.signed_off_at.is_not(None)),
        (f.overridden, Call.overrides > 0),
    ):
        chosen = _yes_no(value, condition)
        if chosen is not None:
            query = query.where(chosen)
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


def count_calls(session: Session, f: CallFilter, pass_mark: float) -> int:
    query = calls_query(f, pass_mark).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def page_of_calls(session: Session, f: CallFilter, pass_mark: float) -> list[Row[Any]]:
    """One page of calls, as (Call, status) rows."""
    size = PAGE_SIZE
    query = _ordered(calls_query(f, pass_mark), f, pass_mark).add_columns(status_of(pass_mark))
    return list(session.execute(query.offset((f.page - 1) * size).limit(size)))


def export_calls(session: Session, f: CallFilter, pass_mark: float) -> list[Row[Any]]:
    """Every filtered call in the list's order, with the columns the exports write."""
    columns = (
        Call.id,
        Call.call_sid,
        Call.started_at,
        Call.department_id,
        Call.agent,
        Call.duration,
        Call.final_score,
        Call.score,
        Call.critical_failed,
        Call.signed_off_by,
        status_of(pass_mark).label("status"),
    )
    query = _ordered(calls_query(f, pass_mark), f, pass_mark).with_only_columns(*columns)
    return list(session.execute(query))


def scored_calls(session: Session, f: CallFilter, pass_mark: float) -> list[Row[Any]]:
    """The filtered calls that have a reviewed score, as (id, started_at, department_id, agent,
    score)."""
    query = calls_query(f, pass_mark).where(
        Call.final_score.is_not(None), Call.started_at.is_not(None)
    )
    columns = (Call.id, Call.started_at, Call.department_id, Call.agent, Call.final_score)
    return list(session.execute(query.with_only_columns(*columns)))


def left_out(session: Session, f: CallFilter, pass_mark: float) -> dict[str, int]:
    """The filtered calls a chart of scores leaves out, counted by why: their status (failed,
    received, transcribing), a checked call without a score (a voicemail), or no start time."""
    why = _left_out_because(status_of(pass_mark))
    query = calls_query(f, pass_mark).where(
        or_(Call.final_score.is_(None), Call.started_at.is_(None))
    )
    rows = session.execute(query.with_only_columns(why, func.count()).group_by(why))
    return {reason: count for reason, count in rows}


def _left_out_because(status: ColumnElement[str]) -> ColumnElement[str]:
    return case(
        (status.in_(("failed", "received", "transcribing")), status),
        (Call.kind == "voicemail", "voicemail"),
        (Call.started_at.is_(None), "no_start"),
        else_="unscored",
    )


def _sort_key(f: CallFilter, pass_mark: float) -> ColumnElement[Any]:
    return {
        "date": Call.started_at,
        "department": Call.department_id,
        "agent": Call.agent,
        "duration": Call.duration,
        "score": Call.final_score,
        "status": status_of(pass_mark),
        "failed": Call.fails,
    }[f.sort]


def _ordered(query: Select[Any], f: CallFilter, pass_mark: float) -> Select[Any]:
    key = _sort_key(f, pass_mark)
    ordered = key.asc().nulls_last() if f.dir == "asc" else key.desc().nulls_last()
    return query.order_by(ordered, Call.id.desc())


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


def export_row(
    call: Row[Any], statuses: dict[str, str], pass_mark: float, names: dict[str, str]
) -> dict[str, Any]:
    """One call as the CSV and JSON exports write it: `score` and `passed` are the reviewed
    ones (overrides applied), `checker_score` the checker's own; ids for programs beside names
    in the page's language for people."""
    score = call.final_score
    failed = failed_rules(statuses)
    return {
        "id": call.id,
        "call_sid": call.call_sid,
        "started_at": call.started_at.isoformat() if call.started_at else None,
        "department": call.department_id,
        "department_name": names.get(call.department_id, call.department_id),
        "agent": call.agent,
        "duration": call.duration,
        "status": call.status,
        "score": score,
        "checker_score": call.score,
        "pass_mark": pass_mark,
        "passed": None if score is None else score >= pass_mark and not call.critical_failed,
        "reviewed_by": call.signed_off_by,
        "status_name": call_status(call.status),
        "failed_rules": failed,
        "failed_rule_names": [rule_name(rule) for rule in failed],
        "statuses": statuses,
    }
