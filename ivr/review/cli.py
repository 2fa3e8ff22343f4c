"""`ivr check TRANSCRIPT|DIR...` and `ivr review AUDIO...`: score calls against their
department's script (the versions admins saved, as the worker reads them) and print the findings
as JSON, CSV, or a readable scorecard and summary table."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import click

from ivr.context import AppContext
from ivr.errors import TranscriptError
from ivr.review.checker import brand, check_call
from ivr.review.findings import Evidence, Finding, Review
from ivr.review.normalize import clean
from ivr.review.registry import rule_ids
from ivr.review.rules import load_pack
from ivr.scripts import DepartmentScript, ScriptSource
from ivr.transcript import Transcript

MARKS = {"pass": "✔", "fail": "✘", "na": "–", "uncertain": "?"}

department_option = click.option(
    "--department",
    "department_id",
    metavar="ID",
    help="Department id [the one the agent names, else the default department].",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True
)


def named_department(transcript: Transcript, scripts: ScriptSource) -> DepartmentScript | None:
    """The department the agent names in their first words (its name, brand or an alias)."""
    agent = [u.text for u in transcript.utterances if u.speaker == "agent"][:2]
    if not agent:
        return None
    for script in scripts.all():
        said = clean(" ".join(agent), script.lang)
        suffixes = load_pack(script.lang).department_suffixes
        names = [script.name, brand(script.name, suffixes), *script.checker.department_aliases]
        if any(clean(n, script.lang) in said for n in names if clean(n, script.lang)):
            return script
    return None


def choose_department(
    transcript: Transcript, scripts: ScriptSource, department_id: str | None
) -> tuple[DepartmentScript, str]:
    """The department to check against, and why: asked for, named by the agent, or default."""
    if department_id:
        return scripts.get(department_id), "given"
    named = named_department(transcript, scripts)
    if named is not None:
        return named, "named by the agent"
    return scripts.get(scripts.default), "default"


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


def _verdict(review: Review) -> str:
    """A failed critical rule settles the call, whatever else is uncertain; a call whose rules
    could not be judged at all needs a person."""
    if any(f.critical and f.status == "fail" for f in review.findings):
        return "FAILED"
    return "passed" if review.passed else "needs review"


def scorecard(review: Review) -> str:
    """A readable scorecard: verdict, one line per rule with its evidence, then the figures."""
    verdict = {
        "FAILED": "FAILED: a critical rule failed",
        "needs review": "NEEDS REVIEW: the rules could not be judged",
        "passed": "critical rules met" + ("; some need review" if review.needs_review else ""),
    }[_verdict(review)]
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


@dataclass
class Checked:
    path: Path
    review: Review
    why: str


def transcript_paths(paths: tuple[Path, ...]) -> tuple[list[Path], list[str]]:
    """Files to check (a directory gives its *.json files) and one line per path that gives none."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            files += found
            if not found:
                problems.append(f"{path}: a directory with no transcript (*.json) files")
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such transcript file")
    return files, problems


def summary(checked: list[Checked]) -> str:
    """One line per call: score, verdict, department and the rules that failed or need review."""
    width = max(len(str(c.path)) for c in checked)
    head = f"{'transcript':<{width}}  score  verdict       department"
    lines = [head, "-" * len(head)]
    for c in checked:
        r = c.review
        verdict = _verdict(r)
        failed = [f.rule for f in r.findings if f.status == "fail"]
        unsure = [f.rule for f in r.findings if f.status == "uncertain"]
        notes = "; ".join(
            p for p in (f"fail: {' '.join(failed)}" if failed else "",
                        f"uncertain: {' '.join(unsure)}" if unsure else "") if p
        )  # fmt: skip
        lines.append(
            f"{c.path!s:<{width}}  {r.score:5d}  {verdict:<12}  {r.department}  {notes}".rstrip()
        )
    passed = sum(c.review.passed for c in checked)
    lines.append(f"{passed} of {len(checked)} calls passed")
    return "\n".join(lines)


def as_csv(checked: list[Checked]) -> str:
    """One row per call: file, department, score, verdict, then each rule's status."""
    out = io.StringIO()
    writer = csv.writer(out)
    rules = rule_ids()
    writer.writerow(["transcript", "department", "score", "passed", "needs_review", *rules])
    for c in checked:
        status = {f.rule: f.status for f in c.review.findings}
        r = c.review
        writer.writerow(
            [c.path, r.department, r.score, r.passed, r.needs_review,
             *(status.get(rule, "") for rule in rules)]
        )  # fmt: skip
    return out.getvalue()


def render_many(checked: list[Checked], fmt: str) -> str:
    if fmt == "csv":
        return as_csv(checked)
    if fmt == "json":
        data = {str(c.path): c.review.model_dump(mode="json") for c in checked}
        return json.dumps(data, ensure_ascii=False, indent=2)
    return summary(checked)


@click.command()
@click.argument("transcripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@department_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text", "csv"]),
    default=None,
    help="json, text (a scorecard; a summary table for several calls) or csv "
    "[json for one call, text for several].",
)
def check(transcripts: tuple[Path, ...], department_id: str | None, fmt: str | None) -> None:
    """Score a transcript, or many (JSON from `ivr transcribe`; a directory gives its *.json
    files), against its department's script, with a summary table of all of them."""
    files, problems = transcript_paths(transcripts)
    # The scripts the worker checks with: the file's, with the versions admins saved on top.
    scripts = AppContext.open().scripts if files else None
    checked: list[Checked] = []
    for path in files:
        try:
            transcript = Transcript.from_file(path)
            script, why = choose_department(transcript, scripts, department_id)  # type: ignore[arg-type]
        except TranscriptError as error:
            problems.append(str(error))
            continue
        checked.append(Checked(path, check_call(transcript, script), why))
        click.echo(f"{path}: department {script.id} ({why})", err=True)
    if len(transcripts) == 1 and len(files) == 1 and checked:
        click.echo(render(checked[0].review, fmt or "json"))
    elif checked:
        click.echo(render_many(checked, fmt or "text"))
    for problem in problems:
        click.echo(f"ivr check: {problem}", err=True)
    if problems:
        raise TranscriptError(
            f"{len(problems)} of {len(problems) + len(checked)} transcripts could not be checked"
        )


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
    scripts = context.scripts
    script = scripts.get(department_id or scripts.default)
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
