"""Who may see what: login with hashed passwords, Flask-Login sessions, CSRF on every form.

Calls carry personal data, so every page, transcript and recording needs a login; the department
scripts need the admin role. CSRF is checked here for the pages' forms only: Twilio's webhooks
are authenticated by their signatures instead.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from ivr.store.users import authenticate, get_user, list_users
from ivr.web.db import sessions, unit_of_work
from ivr.web.i18n import LANGUAGES, gettext
from ivr.web.pages import page_blueprint

log = logging.getLogger(__name__)
# No gate: the login page is open to everyone (and so are the pages' CSS and JavaScript, which
# the app serves as its static files).
bp = page_blueprint("auth", __name__, None)
login_manager = LoginManager()
login_manager.login_view = "auth.login"


def init_auth(app: Flask, public_base_url: str | None) -> None:
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    # Served over HTTPS (as Twilio requires in production): the session cookie never goes in clear.
    app.config.setdefault(
        "SESSION_COOKIE_SECURE", bool(public_base_url and public_base_url.startswith("https://"))
    )
    login_manager.init_app(app)


@login_manager.user_loader
def _load_user(user_id: str):  # type: ignore[no-untyped-def]
    if not user_id.isdigit():
        return None
    with sessions()() as db:
        return get_user(db, int(user_id))


@login_manager.unauthorized_handler
def _unauthorized() -> Response:
    flash(gettext("Please log in to see this page."), "warning")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def require_login() -> Response | None:
    """A before_request hook: the login page for anyone not logged in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_admin() -> Response | None:
    """A before_request hook: 403 for reviewers, the login page for anyone not logged in."""
    refused = require_login()
    if refused is None and not current_user.is_admin:
        abort(403, gettext("Only administrators can change the configuration."))
    return refused


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send a user elsewhere after login."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "//" not in target:
        return target
    return url_for("calls.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "POST":
        with unit_of_work() as db:
            user = authenticate(
                db, request.form.get("username", ""), request.form.get("password", "")
            )
        if user is None:
            log.info("failed login for %r", request.form.get("username", ""))
            flash(gettext("Wrong username or password."), "error")
            return render_template("login.html"), 401  # type: ignore[return-value]
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    with sessions()() as db:
        first_run = not list_users(db)
    return render_template("login.html", first_run=first_run)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    flash(gettext("Logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def choose_language(code: str) -> Response:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
