"""The `ivr` group: commands listed without importing them, each loading when it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from ivr.cli import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_listed_summary_starts_its_commands_help(name: str) -> None:
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.help
    assert " ".join(command.help.split()).startswith(COMMANDS[name][1])


def test_help_lists_every_command_without_loading_flask_or_the_checker() -> None:
    code = (
        "import sys; from ivr.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('flask', 'ivr.review', 'vosk', 'pypinyin') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert all(name in out for name in COMMANDS)
    assert out.strip().splitlines()[-1] == "[]"


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(cli, ["nope"])
    assert result.exit_code == 2 and "No such command" in result.output
