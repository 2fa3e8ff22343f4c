"""One way to make a blueprint of pages: its gate (login, admin), CSRF on forms, error pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, abort, render_template, request
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms import ValidationError

log = logging.getLogger(__name__)
Gate = Callable[[], Response | None]


def page_blueprint(name: str, import_name: str, gate: Gate | None, **options: object) -> Blueprint:
    bp = Blueprint(name, import_name, **options)  # type: ignore[arg-type]
    if gate is not None:
        bp.before_request(gate)
    bp.before_request(check_csrf)
    bp.register_error_handler(HTTPException, error_page)
    return bp


def error_page(error: HTTPException) -> tuple[str, int]:
    page = render_template(
        "error.html", code=error.code, name=error.name, description=error.description
    )
    return page, error.code or 500


def check_csrf() -> None:
    """A before_request hook for the pages' blueprints: every form post carries the token."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
        except ValidationError as exc:
            log.warning("refused a form without a valid CSRF token: %s", exc)
            abort(
                400,
                f"The form has expired or did not come from this site ({exc}). "
                "Reload the page and try again.",
            )
