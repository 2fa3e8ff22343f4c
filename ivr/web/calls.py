"""The reviewers' pages: the list of calls (filters, search, paging, export) and one call."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from ivr.context import ivr_context
from ivr.errors import IvrError
from ivr.recordings.check import check_stored_call
from ivr.store.calls import transcript_of
from ivr.store.models import Call
from ivr.store.overrides import STATUSES, add_override, overrides_for
from ivr.web import queries
from ivr.web.auth import require_login
from ivr.web.db import sessions, unit_of_work
from ivr.web.i18n import gettext, use_department_language
from ivr.web.pages import page_blueprint
from ivr.web.queries import (
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


@bp.route("/")
def home() -> Response:
    return redirect(url_for("calls.index"))


@bp.route("/calls")
def index() -> str:
    f = parse_filter(request.args)
    with sessions()() as db:
        total = count_calls(db, f)
        calls = page_of_calls(db, f)
        statuses = effective_statuses(db, [call.id for call in calls])
        menus = choices(db)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    return render_template(
        "calls.html",
        f=f,
        calls=calls,
        statuses=statuses,
        failed_rules=failed_rules,
        total=total,
        pages=pages,
        menus=menus,
    )


@bp.route("/calls/export.<fmt>")
def export(fmt: str) -> Response:
    if fmt not in ("csv", "json"):
        abort(404, "export as .csv or .json")
    f = parse_filter(request.args)
    with sessions()() as db:
        calls = export_calls(db, f)
        statuses = effective_statuses(db, [call.id for call in calls])
    rows = [export_row(call, statuses[call.id]) for call in calls]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2)
        return _download(body, "application/json", f"calls-{stamp}.json")
    return _download(_csv(rows), "text/csv", f"calls-{stamp}.csv")


def _csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    columns = ["id", "call_sid", "started_at", "department", "agent", "duration", "score"]
    writer = csv.writer(out)
    writer.writerow([*columns, "passed", "failed_rules"])
    for row in rows:
        writer.writerow(
            [*(row[c] for c in columns), row["passed"], " ".join(row["failed_rules"])]  # type: ignore[arg-type]
        )
    # A BOM so that spreadsheet programs read the Chinese text as UTF-8.
    return "\ufeff" + out.getvalue()


def _download(body: str, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _call_or_404(db: Session, call_id: int) -> Call:
    call = db.get(Call, call_id)
    if call is None:
        abort(404, f"There is no call {call_id}.")
    return call


@bp.route("/calls/<int:call_id>")
def show(call_id: int) -> str:
    with sessions()() as db:
        call = _call_or_404(db, call_id)
        transcript = transcript_of(call)
        statuses = effective_statuses(db, [call.id])[call.id]
        overrides = overrides_for(db, call.id)
        findings = [
            {"row": f, "checker": f.status, "status": statuses[f.rule]} for f in call.findings
        ]
        job = call.job
    use_department_language(_department_language(call.department_id))
    return render_template(
        "call.html",
        call=call,
        transcript=transcript,
        findings=findings,
        overrides=overrides,
        statuses=STATUSES,
        job=job,
        has_audio=_audio_file(call) is not None,
    )


def _department_language(department_id: str) -> str:
    try:
        return ivr_context().scripts.get(department_id).language
    except IvrError:
        return "zh-CN"


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
        abort(404, "No audio is stored for this call.")
    # conditional=True answers Range requests, which the player needs to seek.
    return send_file(path, conditional=True, max_age=0)


@bp.route("/calls/<int:call_id>/override", methods=["POST"])
def override(call_id: int) -> Response:
    rule = request.form.get("rule", "")
    back = redirect(url_for("calls.show", call_id=call_id, _anchor=f"rule-{rule}"))
    if not request.form.get("comment", "").strip():
        flash(gettext("An override needs a comment saying why."), "error")
        return back
    with unit_of_work() as db:
        call = _call_or_404(db, call_id)
        statuses = effective_statuses(db, [call.id])[call.id]
        if rule not in statuses:
            abort(400, f"This call has no finding for rule {rule!r}.")
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
        except IvrError as error:
            flash(str(error), "error")
            return back
    flash(gettext("Override saved."), "info")
    return back


@bp.route("/calls/<int:call_id>/recheck", methods=["POST"])
def recheck(call_id: int) -> Response:
    with unit_of_work() as db:
        check_stored_call(db, _call_or_404(db, call_id), ivr_context().scripts)
    flash(gettext("The check was run again."), "info")
    return redirect(url_for("calls.show", call_id=call_id))
