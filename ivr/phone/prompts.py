"""Prompt audio: files under the audio directory, served to Twilio as 8 kHz mono WAV.

Admins drop prompts in any format ffmpeg reads (mp3, m4a, ogg, 44.1 kHz stereo WAV...); each is
converted once with pydub into a cache keyed by the file's size and modification time, written
atomically so several gunicorn workers can convert the same file at once without a torn read.
Only files a department script names, or greetings admins uploaded, are served (the route is
public, as Twilio fetches media unsigned); anything else is "not found" and nothing more.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Blueprint, Response, current_app, send_file
from flask.blueprints import BlueprintSetupState
from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError
from werkzeug.security import safe_join

from ivr.errors import AudioError, IvrError, NotFoundError
from ivr.scripts import DepartmentScript

log = logging.getLogger(__name__)

PHONE_RATE = 8000
URL_PREFIX = "/audio/"
UPLOADS = "uploads/"  # where the department pages keep the greetings admins upload

bp = Blueprint("prompts", __name__)


def named_audio(scripts: Iterable[DepartmentScript]) -> set[str]:
    """Every prompt file the scripts name."""
    names = set()
    for script in scripts:
        names.update(script.audio.values())
        if script.hold_audio:
            names.add(script.hold_audio)
    return names


class PromptAudio:
    def __init__(
        self, audio_dir: Path, cache_dir: Path, named: Callable[[], set[str]] = set
    ) -> None:
        self.audio_dir = audio_dir.resolve()
        self.cache_dir = cache_dir.resolve()  # send_file would read relative to the package
        self.named = named
        self._reported: set[str] = set()
        self._unreadable: dict[str, AudioError] = {}  # cache key -> why; not tried again

    def servable(self, name: str) -> bool:
        return name.startswith(UPLOADS) or name in self.named()

    def source(self, name: str) -> Path | None:
        """The file `name` under the audio directory; None if missing or outside it."""
        joined = safe_join(str(self.audio_dir), name)
        return Path(joined) if joined and Path(joined).is_file() else None

    def url(self, name: str) -> str | None:
        """The URL Twilio plays `name` from, or None when there is no such file."""
        if self.source(name):
            return URL_PREFIX + name
        if name not in self._reported:  # once per process, not on every call
            self._reported.add(name)
            log.warning("prompt audio %r is not in %s: its phrase is spoken", name, self.audio_dir)
        return None

    def phone_wav(self, name: str) -> Path:
        """`name` converted to 8 kHz mono 16-bit WAV, from the cache when it is current."""
        source = self.source(name) if self.servable(name) else None
        if source is None:
            raise NotFoundError(f"no prompt audio {name!r} that a script names")
        stat = source.stat()
        key = hashlib.sha256(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
        target = self.cache_dir / f"{key[:24]}.wav"
        if key in self._unreadable:
            raise self._unreadable[key]
        if not target.exists():
            try:
                convert(source, target)
            except AudioError as error:
                self._unreadable[key] = error
                raise
        return target


def convert(source: Path, target: Path) -> None:
    """Write `source` as 8 kHz mono 16-bit PCM WAV at `target`, atomically."""
    try:
        audio = AudioSegment.from_file(source)
    except (CouldntDecodeError, IndexError, OSError) as exc:
        why = (str(exc).strip().splitlines() or ["no message"])[-1]  # not ffmpeg's whole banner
        log.warning("ffmpeg cannot read %s: %s", source, why)
        raise AudioError(f"{source.name} is not audio ffmpeg can read") from exc
    phone = audio.set_frame_rate(PHONE_RATE).set_channels(1).set_sample_width(2)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        phone.export(tmp, format="wav")
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    log.info("converted prompt %s to %s", source, target)


def prompt_audio() -> PromptAudio:
    return current_app.extensions["ivr_prompts"]


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    context = state.app.extensions["ivr"]
    state.app.extensions["ivr_prompts"] = PromptAudio(
        context.settings.audio_dir,
        context.settings.data_dir / "prompts",
        lambda: named_audio(context.scripts.all()),
    )


@bp.get(URL_PREFIX + "<path:name>")
def serve(name: str) -> Response:
    """Prompt audio for <Play>. Public like any hold music: Twilio fetches media unsigned."""
    try:
        path = prompt_audio().phone_wav(name)
    except IvrError as error:
        log.info("prompt audio %r not served: %s", name, error)
        return Response("not found", status=404, mimetype="text/plain")
    return send_file(path, mimetype="audio/wav", max_age=3600)
