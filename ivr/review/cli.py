"""`ivr check TRANSCRIPT.json` and `ivr review AUDIO...`: score calls against their department's
script and print the findings as JSON or as a readable scorecard."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ivr.context import AppContext
from ivr.review.checker import check_call
from ivr.review.findings import Evidence, Finding, Review
from ivr.scripts import DepartmentScript
from ivr.transcript import Transcript

MARKS = {"pass": "✔", "fail": "✘", "na": "–", "uncertain": "?"}

department_option = click.option(
    "--department", "department_id", metavar="ID", help="Department id [the default department]."
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True
)


def _department(context: AppContext, department_id: str | None) -> DepartmentScript:
    """The department's live script: the configuration file's, or the version admins saved."""
    scripts = context.scripts
    return scripts.get(department_id or scripts.default)


def _evidence_line(e: Evidence) -> str:
    match = f" ← {e.match}" if e.match else ""
    return f"      [{e.start:.1f}-{e.end:.1f}s {e.speaker}] {e.text}{match} ({e.confidence:.2f})"


def _finding_lines(f: Finding) -> list[str]:
    critical = " (critical)" if f.critical else ""
    lines = [f"{MARKS[f.status]} {f.rule:<15} {f.status:<9} {f.message}{critical}"]
    lines += [_evidence_line(e) for e in f.evidence[:3]]
    if f.searched:
        s = f.searched
        lines.append(f"      searched: {s.speaker} {s.start:.1f}-{s.end:.1f}s ({s.turns} turns)")
    if f.nearest:
        lines.append("      nearest:" + _evidence_line(f.nearest).strip().join(["  ", ""]))
    return lines


def scorecard(review: Review) -> str:
    """A readable scorecard: verdict, one line per rule with its evidence, then the figures."""
    verdict = "critical rules met" if review.passed else "FAILED: a critical rule failed"
    m = review.metrics
    ratio = f"{m.talk_ratio:.0%}" if m.talk_ratio is not None else "n/a"
    silences = ", ".join(f"{s.duration:.1f}s at {s.start:.1f}s" for s in m.long_silences) or "none"
    lines = [
        f"Score {review.score}/100  {verdict}",
        f"department {review.department} (script {review.script_version}, {review.language})",
        "",
        *(line for f in review.findings for line in _finding_lines(f)),
        "",
        f"agent talk {ratio} (agent {m.agent_seconds:.1f}s, caller {m.caller_seconds:.1f}s); "
        f"interruptions {m.interruptions}; long silences: {silences}",
    ]
    return "\n".join(lines)


def render(review: Review, fmt: str) -> str:
    return review.model_dump_json(indent=2) if fmt == "json" else scorecard(review)


@click.command()
@click.argument("transcript", type=click.Path(path_type=Path))
@department_option
@format_option
def check(transcript: Path, department_id: str | None, fmt: str) -> None:
    """Score a transcript (JSON from `ivr transcribe`) against a department's script."""
    script = _department(AppContext.open(), department_id)
    click.echo(render(check_call(Transcript.from_file(transcript), script), fmt))


@click.command()
@click.argument("audio", nargs=-1, required=True, type=click.Path(path_type=Path))
@department_option
@format_option
@click.option(
    "--agent-channel", type=click.IntRange(1, 2), help="Stereo channel of the agent [setting: 2]."
)
@click.option("--model", help="Vosk model name or directory (overrides the language's setting).")
def review(
    audio: tuple[Path, ...],
    department_id: str | None,
    fmt: str,
    agent_channel: int | None,
    model: str | None,
) -> None:
    """Transcribe recordings and score each against a department's script, in one step."""
    # Loads Vosk: only when audio is reviewed.
    from ivr.speech.batch import transcribe_many
    from ivr.speech.cli import report_failures

    context = AppContext.open()
    settings = context.settings
    script = _department(context, department_id)
    # The batch resolves the model once, spreads files over the cores and carries on past bad ones.
    result = transcribe_many(
        list(audio),
        language=script.language,
        settings=settings,
        agent_channel=agent_channel,
        model=model,
        progress=len(audio) > 1,
    )
    reviews = {str(path): check_call(t, script) for path, t in result.transcripts.items()}
    if len(reviews) == 1 and not result.failures:
        click.echo(render(next(iter(reviews.values())), fmt))
    elif fmt == "json" and reviews:
        data = {path: r.model_dump(mode="json") for path, r in reviews.items()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif reviews:
        click.echo("\n\n".join(f"== {p}\n{scorecard(r)}" for p, r in reviews.items()))
    report_failures(result, len(audio))
