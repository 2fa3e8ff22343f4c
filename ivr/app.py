"""The Flask application factory: one app per settings, its blueprints, one error mapping."""

from __future__ import annotations

import logging

from flask import Flask, Response

from ivr.context import Context
from ivr.errors import IvrError
from ivr.scripts import ScriptSource, load_script_book
from ivr.settings import Settings, load_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, scripts: ScriptSource | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ivr"] = Context(settings=settings, scripts=scripts or live_scripts(settings))
    _register_blueprints(app)

    @app.errorhandler(IvrError)
    def _expected(error: IvrError) -> tuple[Response, int]:
        return Response(str(error), mimetype="text/plain"), error.http_status

    return app


def live_scripts(settings: Settings) -> ScriptSource:
    """The YAML file's scripts, overridden by the versions admins saved in the store."""
    from ivr.store.live_scripts import StoredScripts

    return StoredScripts(load_script_book(settings.scripts_path), settings.db_url)


def _register_blueprints(app: Flask) -> None:
    from ivr.phone.webhooks import bp as phone
    from ivr.recordings.callback import bp as recordings

    app.register_blueprint(phone)
    app.register_blueprint(recordings)
    from ivr.web import init_web

    init_web(app)
