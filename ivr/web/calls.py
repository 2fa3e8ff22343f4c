"""The reviewers' pages: the list of calls (filters, search, sort, paging, export), the review
queue, and one call (play, override, re-check, retry a failed one, sign off)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from ivr.context import ivr_context
from ivr.errors import IvrError
from ivr.recordings.check import check_stored_call
from ivr.recordings.queue import queue_for
from ivr.store import jobs
from ivr.store.calls import transcript_of
from ivr.store.models import Call
from ivr.store.overrides import MAX_COMMENT, STATUSES, add_override, overrides_for
from ivr.store.status import STATUSES as CALL_STATUSES
from ivr.store.status import call_status, failure_kind
from ivr.store.verdicts import call_verdict, refresh_verdict, sign_off
from ivr.web import queries
from ivr.web.auth import require_login
from ivr.web.db import sessions, unit_of_work
from ivr.web.i18n import gettext
from ivr.web.live import live_verdicts
from ivr.web.pages import page_blueprint
from ivr.web.queries import (
    CallFilter,
    choices,
    count_calls,
    effective_statuses,
    export_calls,
    export_row,
    failed_rules,
    page_of_calls,
    parse_filter,
)

bp = page_blueprint("calls", __name__, require_login)
# OWASP's list: what makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@bp.route("/")
def home() -> Response:
    return redirect(url_for("calls.index"))


# Who may change what reviewers decide (override, re-check, retry, sign off): a role added later
# (such as an agent's) may read the calls but not judge them.
REVIEW_ROLES = ("reviewer", "admin")


def _may_review() -> None:
    if current_user.role not in REVIEW_ROLES:
        abort(403, gettext("Only reviewers and administrators can do this."))


def pass_mark() -> float:
    return ivr_context().settings.pass_mark


@bp.route("/calls")
def index() -> str:
    return _list(parse_filter(request.args), queue=False)


@bp.route("/queue")
def queue() -> str:
    """The calls that need a person: checked, not signed off, and uncertain, critical or near
    the pass mark."""
    return _list(replace(parse_filter(request.args), status="needs_review"), queue=True)


def _list(f: CallFilter, *, queue: bool) -> str:
    mark = pass_mark()
    with sessions()() as db:
        total = count_calls(db, f, mark)
        rows = page_of_calls(db, f, mark)
        statuses = effective_statuses(db, [call.id for call, _ in rows])
        menus = choices(db)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    return render_template(
        "calls.html",
        f=f,
        rows=rows,
        statuses=statuses,
        failed_rules=failed_rules,
        total=total,
        pages=pages,
        menus=menus,
        call_statuses=CALL_STATUSES,
        sort_names=queries.SORT_NAMES,
        direction_names=queries.DIRECTION_NAMES,
        pass_mark=mark,
        queue=queue,
        endpoint="calls.queue" if queue else "calls.index",
    )


@bp.route("/calls/export.<fmt>")
def export(fmt: str) -> Response:
    if fmt not in ("csv", "json"):
        abort(404, gettext("Export as .csv or .json."))
    f = parse_filter(request.args)
    mark = pass_mark()
    with sessions()() as db:
        calls = export_calls(db, f, mark)
        statuses = effective_statuses(db, [call.id for call in calls])
    names = {s.id: s.name for s in ivr_context().scripts.all()}
    rows = [export_row(call, statuses[call.id], mark, names) for call in calls]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2)
        return _download(body, "application/json", f"calls-{stamp}.json")
    return _download(_csv(rows), "text/csv", f"calls-{stamp}.csv")


CSV_COLUMNS = (
    "id",
    "call_sid",
    "started_at",
    "department_name",
    "agent",
    "duration",
    "status_name",
    "score",
    "checker_score",
    "pass_mark",
    "passed",
    "reviewed_by",
)


def _csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, "failed_rules", "failed_rule_names"])
    for row in rows:
        failed = " ".join(row["failed_rules"])  # type: ignore[arg-type]
        names = "、".join(row["failed_rule_names"])  # type: ignore[arg-type]
        cells = [*(row[c] for c in CSV_COLUMNS), failed, names]
        writer.writerow([inert(cell) for cell in cells])
    # A BOM so that spreadsheet programs read the Chinese text as UTF-8.
    return "\ufeff" + out.getvalue()


def inert(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (=, +, -, @) is kept as text instead."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _download(body: str, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _call_or_404(db: Session, call_id: int) -> Call:
    call = db.get(Call, call_id)
    if call is None:
        abort(404, gettext("There is no call {id}.", id=call_id))
    return call


@bp.route("/calls/<int:call_id>")
def show(call_id: int) -> str:
    mark = pass_mark()
    with sessions()() as db:
        call = _call_or_404(db, call_id)
        transcript = transcript_of(call)
        statuses = effective_statuses(db, [call.id])[call.id]
        overrides = overrides_for(db, call.id)
        findings = [
            {"row": f, "checker": f.status, "status": statuses[f.rule]} for f in call.findings
        ]
        job = call.job
        status = call_status(db, call.id, mark)
        verdict = call_verdict(db, call)
        failure = failure_kind(call)
        live = live_verdicts(db, call)
    return render_template(
        "call.html",
        call=call,
        transcript=transcript,
        findings=findings,
        overrides=overrides,
        statuses=STATUSES,
        job=job,
        status=status,
        verdict=verdict,
        pass_mark=mark,
        failure=failure,
        # A file the worker could not read as audio is no use to the player either.
        has_audio=_audio_file(call) is not None and failure != "AudioError",
        max_comment=MAX_COMMENT,
        live=live,
    )


def _audio_file(call: Call) -> Path | None:
    if not call.audio_path:
        return None
    path = Path(call.audio_path)
    if not path.is_absolute():
        path = ivr_context().settings.recordings_dir / path
    return path if path.is_file() else None


@bp.route("/calls/<int:call_id>/audio")
def audio(call_id: int) -> Response:
    with sessions()() as db:
        path = _audio_file(_call_or_404(db, call_id))
    if path is None:
        abort(404, gettext("No audio stored for this call."))
    # conditional=True answers Range requests, which the player needs to seek.
    return send_file(path, conditional=True, max_age=0)


@bp.route("/calls/<int:call_id>/override", methods=["POST"])
def override(call_id: int) -> Response:
    _may_review()
    rule = request.form.get("rule", "")
    back = redirect(url_for("calls.show", call_id=call_id, _anchor=f"rule-{rule}"))
    if not request.form.get("comment", "").strip():
        flash(gettext("An override needs a comment saying why."), "error")
        return back
    if len(request.form["comment"]) > MAX_COMMENT:
        too_long = "The comment is longer than {count} characters; shorten it."
        flash(gettext(too_long, count=MAX_COMMENT), "error")
        return back
    with unit_of_work() as db:
        call = _call_or_404(db, call_id)
        statuses = effective_statuses(db, [call.id])[call.id]
        if rule not in statuses:
            abort(400, gettext("This call has no finding for rule {rule}.", rule=rule))
        try:
            add_override(
                db,
                call_id=call.id,
                rule=rule,
                before=statuses[rule],
                after=request.form.get("status", ""),
                comment=request.form.get("comment", ""),
                user=current_user,
            )
        except IvrError:
            flash(gettext("Choose one of the statuses offered."), "error")
            return back
        refresh_verdict(db, call.id)
    flash(gettext("Override saved."), "info")
    return back


@bp.route("/calls/<int:call_id>/recheck", methods=["POST"])
def recheck(call_id: int) -> Response:
    _may_review()
    with unit_of_work() as db:
        check_stored_call(db, _call_or_404(db, call_id), ivr_context().scripts)
    flash(gettext("The check was run again."), "info")
    return redirect(url_for("calls.show", call_id=call_id))


@bp.route("/calls/<int:call_id>/retry", methods=["POST"])
def retry(call_id: int) -> Response:
    """Queue a failed call's job again, as `ivr jobs retry` does."""
    _may_review()
    with unit_of_work() as db:
        call = _call_or_404(db, call_id)
        if call.job is None:
            abort(400, gettext("This call has no recording to process again."))
        job_id = call.job.id
        try:
            jobs.retry(db, job_id)
        except IvrError:
            flash(gettext("This call is already being processed."), "info")
            return redirect(url_for("calls.show", call_id=call_id))
    settings = ivr_context().settings
    queue_for(settings.redis_url, settings.db_url).notify(job_id)
    flash(gettext("The call was queued to be processed again."), "info")
    return redirect(url_for("calls.show", call_id=call_id))


@bp.route("/calls/<int:call_id>/signoff", methods=["POST"])
def signoff(call_id: int) -> Response:
    """A reviewer marks the call reviewed (or, with `undo`, opens it again)."""
    _may_review()
    undo = request.form.get("undo") == "1"
    with unit_of_work() as db:
        sign_off(db, _call_or_404(db, call_id).id, None if undo else current_user)
    flash(gettext("Opened for review again.") if undo else gettext("Marked as reviewed."), "info")
    if not undo and request.form.get("next") == "queue":
        return redirect(url_for("calls.queue"))
    return redirect(url_for("calls.show", call_id=call_id))
