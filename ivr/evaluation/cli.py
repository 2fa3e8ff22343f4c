"""`ivr eval export` writes reviewed calls as a labelled corpus; `ivr eval run` scores a rule pack
or department script against one, per rule."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ivr.context import AppContext
from ivr.errors import NotFoundError
from ivr.evaluation.agreement import agreement, rerun, rerun_pairs
from ivr.evaluation.labels import LabelledCall, read_corpus, reviewed_calls, write_corpus
from ivr.scripts import DepartmentScript, ScriptSource, load_script_book
from ivr.store.db import transaction


@click.group(name="eval")
def eval_() -> None:
    """Reviewed calls as labelled data: export them, score a script against them."""


@eval_.command()
@click.option("--department", help="Only this department's calls.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("reviewed.jsonl"),
    show_default=True,
)
def export(department: str | None, output: Path) -> None:
    """Write every reviewed call (signed off, or with overrides) with its transcript, the
    checker's statuses and the reviewers' labels, one JSON object a line."""
    with transaction(AppContext.open().store) as session:
        count = write_corpus(reviewed_calls(session, department=department), output)
    click.echo(f"{count} reviewed calls written to {output}")


@eval_.command()
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--scripts",
    "scripts_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Department scripts (YAML) to check with; by default each call's own version.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def run(corpus: Path, scripts_file: Path | None, fmt: str) -> None:
    """Check every call of CORPUS again and report, per rule, how often the checker agrees with
    the reviewers, and where it does not."""
    calls = list(read_corpus(corpus))
    book = load_script_book(scripts_file) if scripts_file else None
    table = agreement(rerun_pairs(rerun(calls, lambda call: _script(call, book))))
    rows = [
        {
            "department": department,
            "rule": rule,
            "labelled": row.labelled,
            "agreed": row.agreed,
            "agreement": round(row.rate, 3),
            "disagreements": {f"{c}->{r}": n for (c, r), n in sorted(row.confusion.items())},
        }
        for (department, rule), row in sorted(table.items())
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(calls)} calls, {sum(r['labelled'] for r in rows)} labelled findings")
    head = f"{'department':<20} {'rule':<16} {'labelled':>8} {'agreed':>7} {'rate':>6}"
    click.echo(head + "  checker->reviewers")
    for r in rows:
        wrong = ", ".join(f"{k} x{n}" for k, n in r["disagreements"].items())
        click.echo(
            f"{r['department']:<20} {r['rule']:<16} {r['labelled']:>8} {r['agreed']:>7} "
            f"{r['agreement']:>6.0%}  {wrong}"
        )


def _script(call: LabelledCall, book: ScriptSource | None) -> DepartmentScript:
    if book is not None:
        return book.get(call.department)
    if call.script is None:
        raise NotFoundError(
            f"call {call.call_id}: the corpus has no script for it; give one with --scripts FILE"
        )
    return call.script
