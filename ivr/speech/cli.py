"""`ivr transcribe FILE|DIR...`: recordings to transcripts, as JSON or readable text."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ivr.settings import load_settings
from ivr.speech.batch import BatchResult, transcribe_many
from ivr.speech.decode import DecodeOptions
from ivr.transcript import Transcript, language_code

AUDIO_SUFFIXES = {".wav", ".mp3", ".ogg", ".flac", ".m4a", ".aac", ".opus", ".webm"}
LABELS = {
    "zh": {"agent": "坐席", "caller": "客户", "unknown": "未知"},
    "en": {"agent": "Agent", "caller": "Caller", "unknown": "Unknown"},
}


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True
)
@click.option("--language", default="zh", show_default=True, help="zh, en or ko (or zh-CN...).")
@click.option(
    "--agent-channel", type=click.IntRange(1, 2), help="Stereo channel of the agent [setting: 2]."
)
@click.option("--model", help="Vosk model name or directory (overrides the language's setting).")
@click.option("--workers", type=click.IntRange(1), help="Processes for many files [all cores].")
@click.option(
    "--pause",
    type=click.FloatRange(0),
    default=DecodeOptions.pause,
    show_default=True,
    help="Seconds of silence that end an utterance.",
)
@click.option(
    "--skip-silence/--no-skip-silence",
    default=True,
    show_default=True,
    help="Decode only what voice activity detection hears as speech.",
)
@click.option(
    "--allow-truncated",
    is_flag=True,
    help="Transcribe what a cut-off file holds (with a warning) instead of failing it.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <name>.json or <name>.txt per recording here instead of to stdout.",
)
def transcribe(
    paths: tuple[Path, ...],
    fmt: str,
    language: str,
    agent_channel: int | None,
    model: str | None,
    workers: int | None,
    pause: float,
    skip_silence: bool,
    allow_truncated: bool,
    output_dir: Path | None,
) -> None:
    """Transcribe call recordings (WAV or MP3, mono or stereo; directories are searched)."""
    settings = load_settings()
    files = recordings(paths)
    if output_dir is not None:
        _check_unique(files, fmt)
    result = transcribe_many(
        files,
        language=language,
        settings=settings,
        agent_channel=agent_channel,
        model=model,
        workers=workers,
        progress=len(files) > 1,
        options=DecodeOptions(
            pause=pause, skip_silence=skip_silence, allow_truncated=allow_truncated
        ),
    )
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        for path, transcript in result.transcripts.items():
            target = output_dir / _output_name(path, fmt)
            target.write_text(render(transcript, fmt) + "\n", encoding="utf-8")
            click.echo(str(target))
    elif result.transcripts:
        click.echo(_stdout(result, fmt))
    report_failures(result, len(files))


def recordings(paths: tuple[Path, ...]) -> list[Path]:
    """The files named, with directories replaced by the recordings under them."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)
        else:
            files.append(path)  # a missing file is reported with the other failures
    if not files:
        raise click.UsageError(f"no recordings ({', '.join(sorted(AUDIO_SUFFIXES))}) in {paths}")
    return files


def _output_name(path: Path, fmt: str) -> str:
    return f"{path.stem}.{'json' if fmt == 'json' else 'txt'}"


def _check_unique(files: list[Path], fmt: str) -> None:
    seen: dict[str, Path] = {}
    for path in files:
        name = _output_name(path, fmt)
        if name in seen:
            raise click.UsageError(
                f"{seen[name]} and {path} would both be written to {name}; rename one or "
                "transcribe them into different --output-dir directories"
            )
        seen[name] = path


def render(transcript: Transcript, fmt: str) -> str:
    if fmt == "json":
        return transcript.to_json()
    labels = LABELS.get(language_code(transcript.language), LABELS["en"])
    return "\n".join(
        f"[{clock(u.start)}] {labels[u.speaker]}: {u.text}" for u in transcript.utterances
    )


def clock(seconds: float) -> str:
    """12.34 -> 00:12.3; hours only when there are some."""
    minutes, rest = divmod(round(seconds, 1), 60)
    hours, minutes = divmod(int(minutes), 60)
    return (f"{hours}:" if hours else "") + f"{minutes:02d}:{rest:04.1f}"


def _stdout(result: BatchResult, fmt: str) -> str:
    if len(result.transcripts) + len(result.failures) == 1:
        return render(next(iter(result.transcripts.values())), fmt)
    if fmt == "json":
        return json.dumps(
            {str(p): t.model_dump(mode="json") for p, t in result.transcripts.items()},
            ensure_ascii=False,
            indent=2,
        )
    return "\n\n".join(f"== {p}\n{render(t, fmt)}" for p, t in result.transcripts.items())


def report_failures(result: BatchResult, total: int) -> None:
    """List the recordings that failed on stderr and exit with their code (1 when they differ)."""
    if not result.failures:
        return
    if total > 1:
        click.echo(f"{len(result.failures)} of {total} recordings failed:", err=True)
    for failure in result.failures.values():
        click.echo(f"error: {failure.message}", err=True)
    codes = {failure.exit_code for failure in result.failures.values()}
    raise click.exceptions.Exit(codes.pop() if len(codes) == 1 else 1)
