"""The dashboard: average score per day by department and by agent, and the most failed rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import render_template, request
from markupsafe import Markup
from sqlalchemy import Row

from ivr.context import ivr_context
from ivr.evaluation.agreement import RuleAgreement, agreement
from ivr.evaluation.labels import label_pairs
from ivr.store.models import Call
from ivr.web.auth import require_login
from ivr.web.charts import Series, bar_chart, line_chart
from ivr.web.db import sessions
from ivr.web.format import rule_name
from ivr.web.i18n import gettext
from ivr.web.pages import page_blueprint
from ivr.web.queries import calls_query, effective_statuses, left_out, parse_filter, scored_calls

bp = page_blueprint("dashboard", __name__, require_login)
NARROW = 420  # the phone chart's width in its own units: its text stays readable at 390 px


def daily_average(calls: list[Row[Any]], key: str) -> Series:
    """Per value of `key` (department_id or agent), the mean score of each day's scored calls."""
    scores: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for call in calls:
        scores[getattr(call, key) or "—"][call.started_at.date()].append(call.final_score)
    return {
        name: [(day, sum(values) / len(values)) for day, values in sorted(days.items())]
        for name, days in scores.items()
    }


def most_failed(statuses: dict[int, dict[str, str]], limit: int = 10) -> list[tuple[str, int]]:
    counts = Counter(
        rule for per_call in statuses.values() for rule, s in per_call.items() if s == "fail"
    )
    return counts.most_common(limit)


def _named(series: Series) -> Series:
    """Departments by their names, as the pages show them."""
    names = {s.id: s.name for s in ivr_context().scripts.all()}
    return {names.get(key, key): points for key, points in series.items()}


@bp.route("/dashboard")
def index() -> str:
    f = parse_filter(request.args)
    mark = ivr_context().settings.pass_mark
    with sessions()() as db:
        calls = scored_calls(db, f, mark)
        statuses = effective_statuses(db, [call.id for call in calls])
        missing = left_out(db, f, mark)
        scored = calls_query(f, mark).where(Call.final_score.is_not(None))
        agreed = agreement(label_pairs(db, scored.with_only_columns(Call.id)))
    by_department = gettext("Average score per day, by department")
    by_agent = gettext("Average score per day, by agent")
    failed = gettext("Most failed rules")
    departments = _named(daily_average(calls, "department_id"))
    agents = daily_average(calls, "agent")
    rules = [(rule_name(rule), n) for rule, n in most_failed(statuses)]
    return render_template(
        "dashboard.html",
        f=f,
        count=len(calls),
        left_out=missing,
        agreement=_agreement_table(agreed),
        charts=[
            ("by-department", by_department, _sized(line_chart, departments, by_department)),
            ("by-agent", by_agent, _sized(line_chart, agents, by_agent)),
            ("failed-rules", failed, _sized(bar_chart, rules, failed)),
        ],
    )


def _agreement_table(table: dict[tuple[str, str], RuleAgreement]) -> dict[str, Any]:
    """Rules down, departments across: how often reviewers agreed with the checker."""
    names = {s.id: s.name for s in ivr_context().scripts.all()}
    departments = sorted({department for department, _ in table})
    rules = sorted({rule for _, rule in table})
    return {
        "departments": [(d, names.get(d, d)) for d in departments],
        "rules": rules,
        "cells": table,
        "overall": {
            rule: (
                sum(row.agreed for (_, r), row in table.items() if r == rule),
                sum(row.labelled for (_, r), row in table.items() if r == rule),
            )
            for rule in rules
        },
    }


def _sized(draw: Callable[..., Markup], data: Any, label: str) -> Markup:
    """The chart drawn for a screen and for a phone; the stylesheet shows one of them."""
    return draw(data, label=label) + draw(data, label=label, width=NARROW)
