"""The admins' pages: edit a department's script, its history (diff, revert), preview, greeting.

Every save publishes a new live version through the app's ScriptSource, which hands it to the
next call. A recorded greeting in any audio format is converted to 8 kHz mono WAV for Twilio.
"""

from __future__ import annotations

import difflib
import hashlib
import tempfile
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from pydantic import ValidationError

from ivr.context import ivr_context
from ivr.errors import AudioError, IvrError
from ivr.phone.prompts import convert, prompt_audio
from ivr.scripts import DepartmentScript, ScriptSource
from ivr.store.script_edits import Revision, history
from ivr.web.auth import require_admin
from ivr.web.db import sessions
from ivr.web.i18n import gettext, use_department_language
from ivr.web.pages import page_blueprint
from ivr.web.preview import previews
from ivr.web.script_form import SECTION_TITLES, SECTIONS, FormResult, parse_form, section_texts

bp = page_blueprint("departments", __name__, require_admin)
GREETING_DIR = "uploads"
MAX_UPLOAD = 32 * 1024 * 1024


def _scripts() -> ScriptSource:
    return ivr_context().scripts


def _publish(script: DepartmentScript, action: str) -> None:
    _scripts().publish(script, by=current_user, action=action)


def _live(department_id: str) -> DepartmentScript:
    try:
        return _scripts().get(department_id)
    except IvrError as error:
        abort(404, str(error))


@bp.route("/departments")
def index() -> str:
    return render_template("departments.html", scripts=_scripts().all())


@bp.route("/departments/<department_id>", methods=["GET", "POST"])
def edit(department_id: str) -> str | Response:
    live = _live(department_id)
    use_department_language(live.language)
    if request.method == "GET":
        return _editor(live, FormResult(texts=section_texts(live)), preview_of=live)
    if request.form.get("base_version", live.version) != live.version:
        # Someone saved since this form was loaded: saving over it would silently lose their work.
        stale = (
            "Not saved: someone saved a newer version meanwhile. Reload, then redo your changes."
        )
        flash(gettext(stale), "error")
        texts = {section: request.form.get(section, "") for section in SECTIONS}
        return _editor(live, FormResult(texts=texts), preview_of=None), 409  # type: ignore[return-value]
    others = [s for s in _scripts().all() if s.id != live.id]
    result = parse_form(request.form, live, others, _scripts().default)
    if result.script is None:
        flash(gettext("Not saved: correct the fields marked below."), "error")
        return _editor(live, result, preview_of=None), 422  # type: ignore[return-value]
    if request.form.get("action") == "preview":
        return _editor(live, result, preview_of=result.script)
    if result.script.version == live.version:
        flash(gettext("No change: the script is the same as the live version."), "info")
    else:
        _publish(result.script, "save")
        flash(f"{gettext('Saved version')} {result.script.version}", "info")
    return redirect(url_for("departments.edit", department_id=department_id))


def _editor(live: DepartmentScript, form: FormResult, preview_of: DepartmentScript | None) -> str:
    greeting = live.audio.get("greeting")
    return render_template(
        "department.html",
        script=live,
        form=form,
        sections=SECTIONS,
        titles=SECTION_TITLES,
        previews=previews(preview_of, prompt_audio().url) if preview_of else [],
        greeting_url=prompt_audio().url(greeting) if greeting else None,
    )


@bp.route("/departments/<department_id>/history")
def revisions(department_id: str) -> str:
    live = _live(department_id)
    use_department_language(live.language)
    with sessions()() as db:
        entries = history(db, department_id)
    base = _scripts().shipped(department_id)
    return render_template(
        "history.html",
        script=live,
        entries=entries,
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
    chosen = [e for e in entries if e.number == number]
    if not chosen:
        abort(404, f"Department {department_id!r} has no version {number}.")
    _publish(chosen[0].script, "revert")
    flash(f"{gettext('Reverted: saved as version')} {len(entries) + 1}", "info")
    return redirect(url_for("departments.revisions", department_id=department_id))


@bp.route("/departments/<department_id>/greeting", methods=["POST"])
def upload_greeting(department_id: str) -> Response:
    live = _live(department_id)
    upload = request.files.get("greeting")
    back = redirect(url_for("departments.edit", department_id=department_id, _anchor="greeting"))
    if upload is None or not upload.filename:
        flash(gettext("Choose an audio file to upload."), "error")
        return back
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        too_big = "The file is larger than {mb} MB; upload a shorter recording."
        flash(gettext(too_big, mb=MAX_UPLOAD // 2**20), "error")
        return back
    name = f"{GREETING_DIR}/{live.id}/greeting-{hashlib.sha256(data).hexdigest()[:16]}.wav"
    try:
        _store_phone_wav(data, Path(upload.filename).suffix, name)
    except AudioError as error:
        flash(f"{upload.filename}: {error}", "error")
        return back
    _save_audio(live, {**live.audio, "greeting": name})
    flash(gettext("The greeting recording was saved."), "info")
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
    flash(gettext("The greeting recording was removed."), "info")
    return redirect(url_for("departments.edit", department_id=department_id, _anchor="greeting"))


def _save_audio(live: DepartmentScript, audio: dict[str, str]) -> None:
    try:
        script = DepartmentScript.model_validate({**live.model_dump(mode="json"), "audio": audio})
    except ValidationError as exc:
        abort(400, str(exc))
    _publish(script, "audio")
