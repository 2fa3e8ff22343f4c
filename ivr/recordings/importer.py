"""`ivr import`: existing recordings through the same pipeline as Twilio's.

Each audio file may have a `NAME.json` beside it with what Twilio would have told us. A file's
recording id is a hash of its bytes, so importing the same folder twice stores each call once.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError
from pydub.utils import mediainfo
from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import ConfigError, NotFoundError, first_error
from ivr.recordings.ingest import Ingested, RecordingEvent, RecordingKind, ingest
from ivr.scripts import ScriptSource
from ivr.settings import Settings

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".m4a", ".flac", ".ogg", ".opus", ".webm"})


class ImportMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid")

    department: str | None = None
    kind: RecordingKind = "call"
    script_version: str | None = None
    call_sid: str | None = None
    caller: str | None = None
    agent: str | None = None
    started_at: datetime | None = None
    queue_wait: float | None = None


def find_recordings(path: Path) -> list[Path]:
    """The audio files at `path` (a file, or a folder searched recursively), sorted."""
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)
    if not files:
        raise NotFoundError(
            f"{path}: no audio files ({', '.join(sorted(AUDIO_SUFFIXES))}) in this folder"
        )
    return files


def read_metadata(audio: Path) -> ImportMetadata:
    sidecar = audio.with_suffix(".json")
    if not sidecar.is_file():
        return ImportMetadata()
    try:
        return ImportMetadata.model_validate(json.loads(sidecar.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not JSON: {exc.msg} at line {exc.lineno}", file=str(sidecar)) from exc
    except ValidationError as exc:
        field, message = first_error(exc)
        raise ConfigError(
            f"{message}; allowed: {', '.join(ImportMetadata.model_fields)}",
            file=str(sidecar),
            field=field,
        ) from exc


def department_of(meta: ImportMetadata, default: str | None, scripts: ScriptSource) -> str:
    # An unknown number reaches the default department.
    return meta.department or default or scripts.for_number("").id


def _recording_sid(audio: Path) -> str:
    digest = hashlib.sha256()
    with audio.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "IM" + digest.hexdigest()[:32]


def import_recording(
    store: sessionmaker[Session],
    scripts: ScriptSource,
    audio: Path,
    meta: ImportMetadata,
    *,
    settings: Settings,
    department: str | None = None,
) -> Ingested:
    """Copy one file under the recordings folder and store its call with a queued job."""
    department_id = department_of(meta, department, scripts)
    script = scripts.get(department_id)
    sid = _recording_sid(audio)
    kept = settings.recordings_dir / f"{sid}{audio.suffix.lower()}"
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(audio, kept)
    info = mediainfo(str(kept))  # empty for a file ffprobe cannot read: the job will say why
    duration = info.get("duration")
    started = meta.started_at or datetime.fromtimestamp(audio.stat().st_mtime, UTC)
    event = RecordingEvent(
        recording_sid=sid,
        call_sid=meta.call_sid or sid,
        status="completed",
        department_id=department_id,
        kind=meta.kind,
        script_version=meta.script_version or script.version,
        audio_path=str(kept),
        channels=int(info.get("channels") or 1),
        duration=float(duration) if duration else None,
        started_at=started if started.tzinfo else started.replace(tzinfo=UTC),
        caller=meta.caller,
        agent=meta.agent,
        queue_wait=meta.queue_wait,
    )
    return ingest(store, event, scripts)
