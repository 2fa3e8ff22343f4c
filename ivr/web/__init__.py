"""The review and admin pages: calls, one call, the dashboard, the department script editor.

`init_web(app)` readies an app built by `ivr.app.create_app` for them (login, template globals);
the app factory registers their blueprints with all the others.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import generate_csrf

from ivr.context import AppContext, ivr_context
from ivr.web.auth import init_auth
from ivr.web.i18n import LANGUAGE_NAMES, current_language, gettext


def init_web(app: Flask) -> None:
    from ivr.web import format, messages

    context: AppContext = app.extensions["ivr"]
    init_auth(app, context.settings.secure_cookies)
    app.jinja_env.globals.update(
        _=gettext,
        csrf_token=generate_csrf,
        languages=LANGUAGE_NAMES,
        clock=format.clock,
        duration=format.duration,
        score_class=format.score_class,
        rule_name=format.rule_name,
        finding_status=format.finding_status,
        call_status=format.call_status,
        failure_reason=format.failure_reason,
        filter_labels=format.FILTER_LABELS,
        left_out_reason=format.left_out_reason,
        speaker_name=format.speaker_name,
        highlight=format.highlight,
        evidence_lines=format.evidence_lines,
        checker_message=format.checker_message,
        language_name=format.language_name,
        verdict_reason=format.verdict_reason,
        field_label=format.field_label,
        validation_message=messages.validation_message,
    )
    app.context_processor(_page_context)


def _page_context() -> dict[str, object]:
    return {
        "lang": current_language(),
        "department_names": {s.id: s.name for s in ivr_context().scripts.all()},
    }
