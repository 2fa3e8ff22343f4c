"""The Flask application factory: one app per settings, every blueprint, one error mapping."""

from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from ivr.context import AppContext
from ivr.errors import IvrError
from ivr.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    context = AppContext.open(settings)
    # The pages' templates and static files live with the web package; every blueprint finds them.
    app = Flask(
        __name__,
        template_folder="web/templates",
        static_folder="web/static",
        static_url_path="/static/web",
    )
    app.config.update(SECRET_KEY=context.settings.session_secret(), JSON_AS_ASCII=False)
    if hops := context.settings.proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    context.scripts  # noqa: B018  (a broken scripts file stops the app here, not at a call)
    app.extensions["ivr"] = context
    _register_blueprints(app)

    @app.errorhandler(IvrError)
    def _expected(error: IvrError) -> tuple[Response, int]:
        return Response(str(error), mimetype="text/plain"), error.http_status

    return app


def _register_blueprints(app: Flask) -> None:
    from ivr.live.media import init_media
    from ivr.phone.webhooks import bp as phone
    from ivr.recordings.callback import bp as recordings
    from ivr.web import auth, calls, dashboard, departments, init_web, live

    init_web(app)
    init_media(app)
    for blueprint in (phone, recordings, auth.bp, calls.bp, dashboard.bp, departments.bp, live.bp):
        app.register_blueprint(blueprint)
