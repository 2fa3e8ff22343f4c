"""`ivr serve`: the whole product on one machine, on its embedded defaults."""

from __future__ import annotations

import click

from ivr.app import create_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the webhooks and pages with the built-in server (production: Procfile)."""
    app = create_app()
    app.run(host=host, port=port, threaded=True)
