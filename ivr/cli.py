"""The `ivr` command: one click group whose subcommands live next to the code they drive.

Subcommands are imported only when used, so `ivr check` does not pay for loading Vosk or Flask.
"""

from __future__ import annotations

import importlib
import logging

import click

from ivr.errors import IvrError

COMMANDS = {
    "serve": "ivr.serve:serve",
    "simulate": "ivr.phone.simulate:simulate",
    "transcribe": "ivr.speech.cli:transcribe",
    "check": "ivr.review.cli:check",
    "review": "ivr.review.cli:review",
    "users": "ivr.web.cli:users",
    "worker": "ivr.recordings.cli:worker",
    "jobs": "ivr.recordings.cli:jobs",
    "import": "ivr.recordings.cli:import_",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IvrError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=LazyGroup)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Call-center IVR and phone-script checker."""
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
