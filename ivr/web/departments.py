"""The admins' pages: edit a department's script, its history (diff, revert), preview, greeting.

Every save publishes a new live version through the app's ScriptSource, which hands it to the
next call. A recorded greeting in any audio format is converted to 8 kHz mono WAV for Twilio.
"""

from __future__ import annotations

import difflib
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from pydantic import ValidationError

from ivr.context import ivr_context
from ivr.errors import AudioError, IvrError
from ivr.evaluation.agreement import Change, what_if
from ivr.evaluation.labels import reviewed_calls
from ivr.phone.prompts import UPLOADS, convert, prompt_audio
from ivr.scripts import DepartmentScript, ScriptSource
from ivr.store.script_edits import Revision, history
from ivr.web.auth import require_admin
from ivr.web.db import sessions
from ivr.web.i18n import gettext
from ivr.web.pages import page_blueprint
from ivr.web.preview import previews
from ivr.web.script_form import (
    FIELD_SECTIONS,
    FIELDS,
    SECTION_TITLES,
    SECTIONS,
    FormResult,
    parse_form,
    section_texts,
    submitted_texts,
)

bp = page_blueprint("departments", __name__, require_admin)
MAX_UPLOAD = 32 * 1024 * 1024
WHAT_IF_CALLS = 200  # the newest reviewed calls an edit is tried on before it is saved


def _scripts() -> ScriptSource:
    return ivr_context().scripts


def _publish(script: DepartmentScript, action: str) -> None:
    _scripts().publish(script, by=current_user, action=action)


def _live(department_id: str) -> DepartmentScript:
    try:
        return _scripts().get(department_id)
    except IvrError:
        abort(404, gettext("There is no department {id}.", id=department_id))


@bp.route("/departments")
def index() -> str:
    return render_template("departments.html", scripts=_scripts().all())


@bp.route("/departments/<department_id>", methods=["GET", "POST"])
def edit(department_id: str) -> str | Response:
    live = _live(department_id)
    if request.method == "GET":
        return _editor(live, FormResult(texts=section_texts(live)), preview_of=live)
    if request.form.get("base_version", live.version) != live.version:
        # Someone saved since this form was loaded: saving over it would silently lose their work.
        stale = (
            "Not saved: someone saved a newer version meanwhile. Reload, then redo your changes."
        )
        flash(gettext(stale), "error")
        texts = submitted_texts(request.form)
        return _editor(live, FormResult(texts=texts), preview_of=None), 409  # type: ignore[return-value]
    others = [s for s in _scripts().all() if s.id != live.id]
    result = parse_form(request.form, live, others, _scripts().default)
    if result.script is None:
        return _editor(live, result, preview_of=None), 422  # type: ignore[return-value]
    if request.form.get("action") == "preview":
        return _editor(live, result, preview_of=result.script, impact=_impact(live, result.script))
    impact = _impact(live, result.script)
    confirmed = request.form.get("confirmed_impact") == result.script.version
    if impact and impact.changes and not confirmed:
        # A change that turns reviewed calls' verdicts: the admin sees which before it is live.
        flash(
            gettext("Not saved yet: see below what this change does to reviewed calls."), "warning"
        )
        return _editor(live, result, preview_of=None, impact=impact), 409  # type: ignore[return-value]
    if result.script.version == live.version:
        flash(gettext("No change: the script is the same as the live version."), "info")
    else:
        _publish(result.script, "save")
        flash(f"{gettext('Saved version')} {result.script.version}", "info")
    return redirect(url_for("departments.edit", department_id=department_id))


@dataclass(frozen=True)
class Impact:
    """What an edited script does to the department's reviewed calls."""

    version: str  # of the edited script
    reviewed: int
    changes: list[Change]
    rates: dict[str, tuple[float, float]]


def _impact(live: DepartmentScript, edited: DepartmentScript) -> Impact | None:
    """Run the live and the edited checker over the newest reviewed calls; None when the edit
    cannot change a finding (nothing changed) or no call is reviewed."""
    if edited.version == live.version:
        return None
    with sessions()() as db:
        calls = reviewed_calls(db, department=live.id, newest=WHAT_IF_CALLS)
    if not calls:
        return None
    changes, rates = what_if(calls, live, edited, ivr_context().settings.pass_mark)
    return Impact(edited.version, len(calls), changes, rates)


def _editor(
    live: DepartmentScript,
    form: FormResult,
    preview_of: DepartmentScript | None,
    impact: Impact | None = None,
) -> str:
    greeting = live.audio.get("greeting")
    return render_template(
        "department.html",
        script=live,
        form=form,
        sections=SECTIONS,
        titles=SECTION_TITLES,
        field_sections=FIELD_SECTIONS,
        fields=FIELDS,
        previews=previews(preview_of, prompt_audio().url) if preview_of else [],
        greeting_url=prompt_audio().url(greeting) if greeting else None,
        impact=impact,
    )


@bp.route("/departments/<department_id>/history")
def revisions(department_id: str) -> str:
    live = _live(department_id)
    with sessions()() as db:
        entries = history(db, department_id)
    base = _scripts().shipped(department_id)
    return render_template(
        "history.html",
        script=live,
        entries=entries,
        base=base,
        diffs={e.number: diff_lines(_before(entries, e, base), e.script) for e in entries},
    )


def _before(
    entries: list[Revision], entry: Revision, base: DepartmentScript | None
) -> DepartmentScript | None:
    older = [e for e in entries if e.number == entry.number - 1]
    return older[0].script if older else base


def diff_lines(before: DepartmentScript | None, after: DepartmentScript) -> list[str]:
    """A unified diff of two versions' YAML, without the header lines."""
    old = before.to_yaml().splitlines() if before else []
    lines = difflib.unified_diff(old, after.to_yaml().splitlines(), lineterm="", n=2)
    return [line for line in lines if not line.startswith(("---", "+++"))]


@bp.route("/departments/<department_id>/revert/<int:number>", methods=["POST"])
def revert(department_id: str, number: int) -> Response:
    with sessions()() as db:
        entries = history(db, department_id)
    # Version 0 is the script as shipped in the configuration file.
    base = _scripts().shipped(department_id) if number == 0 else None
    chosen = [e.script for e in entries if e.number == number] or ([base] if base else [])
    if not chosen:
        abort(404, gettext("This department has no version {number}.", number=number))
    _publish(chosen[0], "revert")
    flash(f"{gettext('Reverted: saved as version')} {len(entries) + 1}", "info")
    return redirect(url_for("departments.revisions", department_id=department_id))


@bp.route("/departments/<department_id>/greeting", methods=["POST"])
def upload_greeting(department_id: str) -> Response:
    live = _live(department_id)
    upload = request.files.get("greeting")
    back = redirect(url_for("departments.edit", department_id=department_id, _anchor="greeting"))
    if upload is None or not upload.filename:
        flash(gettext("Choose an audio file to upload."), "greeting-error")
        return back
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        too_big = "The file is larger than {mb} MB; upload a shorter recording."
        flash(gettext(too_big, mb=MAX_UPLOAD // 2**20), "greeting-error")
        return back
    name = f"{UPLOADS}{live.id}/greeting-{hashlib.sha256(data).hexdigest()[:16]}.wav"
    try:
        _store_phone_wav(data, Path(upload.filename).suffix, name)
    except AudioError:
        unreadable = "{name} is not audio we can read; upload a WAV or MP3 recording."
        flash(gettext(unreadable, name=Path(upload.filename).name), "greeting-error")
        return back
    _save_audio(live, {**live.audio, "greeting": name})
    flash(gettext("The greeting recording was saved."), "greeting-info")
    return back


def _store_phone_wav(data: bytes, suffix: str, name: str) -> None:
    """Convert uploaded audio to 8 kHz mono WAV under the prompt audio folder, as `name`."""
    target = ivr_context().settings.audio_dir / name
    with tempfile.NamedTemporaryFile(suffix=suffix or ".audio") as raw:
        raw.write(data)
        raw.flush()
        convert(Path(raw.name), target)


@bp.route("/departments/<department_id>/greeting/remove", methods=["POST"])
def remove_greeting(department_id: str) -> Response:
    live = _live(department_id)
    _save_audio(live, {k: v for k, v in live.audio.items() if k != "greeting"})
    flash(gettext("The greeting recording was removed."), "greeting-info")
    return redirect(url_for("departments.edit", department_id=department_id, _anchor="greeting"))


def _save_audio(live: DepartmentScript, audio: dict[str, str]) -> None:
    try:
        script = DepartmentScript.model_validate({**live.model_dump(mode="json"), "audio": audio})
    except ValidationError as exc:
        abort(400, str(exc))
    _publish(script, "audio")
