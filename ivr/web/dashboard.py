"""The dashboard: average score per day by department and by agent, and the most failed rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from flask import render_template, request
from sqlalchemy import Row

from ivr.web.auth import require_login
from ivr.web.charts import Series, bar_chart, line_chart
from ivr.web.db import sessions
from ivr.web.format import rule_name
from ivr.web.i18n import gettext
from ivr.web.pages import page_blueprint
from ivr.web.queries import effective_statuses, parse_filter, scored_calls

bp = page_blueprint("dashboard", __name__, require_login)


def daily_average(calls: list[Row[Any]], key: str) -> Series:
    """Per value of `key` (department_id or agent), the mean score of each day's scored calls."""
    scores: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for call in calls:
        scores[getattr(call, key) or "—"][call.started_at.date()].append(call.score)
    return {
        name: [(day, sum(values) / len(values)) for day, values in sorted(days.items())]
        for name, days in scores.items()
    }


def most_failed(statuses: dict[int, dict[str, str]], limit: int = 10) -> list[tuple[str, int]]:
    counts = Counter(
        rule for per_call in statuses.values() for rule, s in per_call.items() if s == "fail"
    )
    return counts.most_common(limit)


@bp.route("/dashboard")
def index() -> str:
    f = parse_filter(request.args)
    with sessions()() as db:
        calls = scored_calls(db, f)
        statuses = effective_statuses(db, [call.id for call in calls])
    by_department = gettext("Average score per day, by department")
    by_agent = gettext("Average score per day, by agent")
    failed = gettext("Most failed rules")
    return render_template(
        "dashboard.html",
        f=f,
        count=len(calls),
        charts=[
            (
                "by-department",
                by_department,
                line_chart(daily_average(calls, "department_id"), label=by_department),
            ),
            ("by-agent", by_agent, line_chart(daily_average(calls, "agent"), label=by_agent)),
            (
                "failed-rules",
                failed,
                bar_chart(
                    [(rule_name(rule), n) for rule, n in most_failed(statuses)], label=failed
                ),
            ),
        ],
    )
