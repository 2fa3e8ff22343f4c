"""One way to make a blueprint of pages: its gate (login, admin), CSRF on forms, error pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, abort, render_template, request
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms import ValidationError

from ivr.web.i18n import gettext

log = logging.getLogger(__name__)
Gate = Callable[[], Response | None]
NAMES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Not valid",
    500: "Server error",
}
GENERIC = {
    400: "The request could not be read.",
    403: "You may not see this page.",
    404: "There is no such page.",
    405: "This page cannot be used that way.",
    409: "Someone changed this meanwhile; reload and try again.",
    413: "The upload is too large.",
    422: "The form has errors.",
    500: "Something went wrong on the server; the log has the details.",
}


def page_blueprint(name: str, import_name: str, gate: Gate | None, **options: object) -> Blueprint:
    bp = Blueprint(name, import_name, **options)  # type: ignore[arg-type]
    if gate is not None:
        bp.before_request(gate)
    bp.before_request(check_csrf)
    bp.register_error_handler(HTTPException, error_page)
    return bp


def error_page(error: HTTPException) -> tuple[str, int]:
    """The error in the page's language: our own descriptions are translated where they are
    raised; werkzeug's stock ones (an unknown URL...) give way to a translated sentence."""
    stock = error.description == type(error).description
    description = (
        gettext(GENERIC.get(error.code or 500, GENERIC[500])) if stock else error.description
    )
    name = gettext(NAMES.get(error.code or 500, NAMES[500]))
    page = render_template("error.html", code=error.code, name=name, description=description)
    return page, error.code or 500


def check_csrf() -> None:
    """A before_request hook for the pages' blueprints: every form post carries the token."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
        except ValidationError as exc:
            log.warning("refused a form without a valid CSRF token: %s", exc)
            expired = "The form has expired or came from elsewhere. Reload the page and try again."
            abort(400, gettext(expired))
