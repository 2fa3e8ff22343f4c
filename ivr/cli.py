"""The `ivr` command: one click group whose subcommands live next to the code they drive.

Subcommands are imported only when used, so `ivr check` does not pay for loading Vosk or Flask.
As in Flask's own CLI, a command that needs the app gets it from the group's ScriptInfo, so no
module below the app factory imports it.
"""

from __future__ import annotations

import importlib
import logging

import click

from ivr.errors import IvrError

# name -> (module:command, the start of its help). `ivr --help` lists the commands from this
# table without importing them (a test keeps each summary the start of its command's help).
COMMANDS = {
    "serve": ("ivr.serve:serve", "Serve the webhooks and pages"),
    "simulate": ("ivr.phone.simulate:simulate", "Walk the phone tree as a caller would"),
    "transcribe": ("ivr.speech.cli:transcribe", "Transcribe call recordings"),
    "check": ("ivr.review.cli:check", "Score a transcript"),
    "review": ("ivr.review.cli:review", "Transcribe recordings and score each"),
    "users": ("ivr.web.cli:users", "Add and list the users of the web pages"),
    "worker": ("ivr.recordings.cli:worker", "Process recording jobs"),
    "jobs": ("ivr.recordings.cli:jobs", "List recording jobs"),
    "import": ("ivr.recordings.cli:import_", "Backfill recordings"),
    "eval": ("ivr.evaluation.cli:eval_", "Reviewed calls as labelled data"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr = COMMANDS[cmd_name][0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1] + ".") for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IvrError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


def _create_app():  # type: ignore[no-untyped-def]
    from ivr.app import create_app

    return create_app()


@click.group(cls=LazyGroup)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """Call-center IVR and phone-script checker."""
    from flask.cli import ScriptInfo  # Flask loads only for a command, never for `ivr --help`

    ctx.obj = ScriptInfo(create_app=_create_app)
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
