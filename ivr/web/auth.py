"""Who may see what: login with hashed passwords, Flask-Login sessions, CSRF on every form.

Calls carry personal data, so every page, transcript and recording needs a login; the department
scripts need the admin role; agents see only their own calls, on the live page. CSRF is checked
here for the pages' forms only: Twilio's webhooks are authenticated by their signatures instead.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta
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

from ivr.store.logins import forget_failures, locked_for, record_failure
from ivr.store.users import authenticate, end_sessions, list_users, session_user
from ivr.web.db import sessions, unit_of_work
from ivr.web.i18n import LANGUAGES, gettext
from ivr.web.pages import page_blueprint

log = logging.getLogger(__name__)
# No gate: the login page is open to everyone (and so are the pages' CSS and JavaScript, which
# the app serves as its static files).
bp = page_blueprint("auth", __name__, None)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
# Failed logins allowed within the window before each further one doubles the wait.
ACCOUNT_FREE = 10
ADDRESS_FREE = 50
LOCK_WINDOW = timedelta(minutes=15)
# The pages' own scripts, styles, media, EventSource and WebSocket connections; nothing else, and
# no page may be framed (the admin buttons cannot be clicked through someone else's page).
CSP = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_auth(app: Flask, secure_cookies: bool) -> None:
    # Flask defines these keys already (None/False), so they are set, not defaulted.
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    # Served over HTTPS (as Twilio requires in production): the session cookie never goes in clear.
    app.config["SESSION_COOKIE_SECURE"] = secure_cookies
    app.config["REMEMBER_COOKIE_SECURE"] = secure_cookies
    app.after_request(security_headers)
    login_manager.init_app(app)


def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@login_manager.user_loader
def _load_user(session_id: str):  # type: ignore[no-untyped-def]
    with sessions()() as db:
        return session_user(db, session_id)


@login_manager.unauthorized_handler
def _unauthorized() -> Response:
    flash(gettext("Please log in to see this page."), "warning")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def require_user() -> Response | None:
    """A before_request hook: the login page for anyone not logged in (agents too)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_login() -> Response | None:
    """A before_request hook for the review pages: reviewers and admins; agents see only their
    own calls, on the live page; the login page for anyone not logged in."""
    refused = require_user()
    if refused is None and current_user.role == "agent":
        if request.endpoint == "calls.home":
            return redirect(url_for("live.page"))
        abort(403, gettext("Agents see their own calls on the live page only."))
    return refused


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
    if current_user.is_authenticated and current_user.role == "agent":
        return url_for("live.page")
    return url_for("calls.index")


def _attempt_keys(username: str) -> tuple[str, str]:
    return f"user:{username.strip().lower()}"[:128], f"addr:{request.remote_addr or '?'}"


def _wait(account: str, address: str) -> timedelta:
    now = datetime.now(UTC)
    with sessions()() as db:
        return max(
            locked_for(db, account, free=ACCOUNT_FREE, window=LOCK_WINDOW, now=now),
            locked_for(db, address, free=ADDRESS_FREE, window=LOCK_WINDOW, now=now),
        )


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "POST":
        username = request.form.get("username", "")
        account, address = _attempt_keys(username)
        wait = _wait(account, address)
        if wait:
            # A try while locked counts as a failure too: hammering only makes the wait longer.
            with unit_of_work() as db:
                record_failure(db, [account, address], keep=LOCK_WINDOW)
            log.warning("login for %r from %s refused: locked for %s", username, address, wait)
            seconds = math.ceil(wait.total_seconds())
            too_many = "Too many failed logins. Try again in {seconds} s."
            flash(gettext(too_many, seconds=seconds), "error")
            return render_template("login.html"), 429  # type: ignore[return-value]
        with unit_of_work() as db:
            user = authenticate(db, username, request.form.get("password", ""))
            if user is None:
                record_failure(db, [account, address], keep=LOCK_WINDOW)
            else:
                forget_failures(db, account)
        if user is None:
            log.info("failed login for %r from %s", username, address)
            flash(gettext("Wrong username or password."), "error")
            return render_template("login.html"), 401  # type: ignore[return-value]
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    with sessions()() as db:
        first_run = not list_users(db)
    return render_template("login.html", first_run=first_run)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        with unit_of_work() as db:
            end_sessions(db, current_user.id)
    logout_user()
    flash(gettext("Logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def choose_language(code: str) -> Response:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
