"""One call's work: fetch its audio, transcribe it, check it against its script version, store.

Every step can run again: the audio is kept once downloaded, and the transcript and findings are
replaced, not added, so a job re-run after a killed worker leaves one result.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ivr.errors import AudioError, DownloadError
from ivr.privacy import mask_transcript
from ivr.recordings.check import check_stored_call
from ivr.recordings.download import download, media_url
from ivr.scripts import DepartmentScript, ScriptSource
from ivr.settings import Settings
from ivr.speech import transcribe_file
from ivr.store.calls import get_call, save_transcript, script_heard
from ivr.store.db import transaction
from ivr.store.models import Call
from ivr.transcript import Transcript

log = logging.getLogger(__name__)


def recording_file(folder: Path, recording_sid: str) -> Path:
    """Where a recording is kept: always directly inside the recordings folder."""
    path = folder.resolve() / f"{recording_sid}.wav"
    if path.resolve().parent != folder.resolve() or not recording_sid.isalnum():
        raise DownloadError(f"RecordingSid {recording_sid!r} cannot name a file; not downloaded")
    return path


@dataclass
class Pipeline:
    settings: Settings
    scripts: ScriptSource
    store: sessionmaker[Session]
    download_timeout: float = 30.0
    download_retries: int = 5
    download_backoff: float = 0.5

    def process(self, call_id: int) -> None:
        """Turn a stored call's recording into a stored transcript and review."""
        with transaction(self.store) as session:
            call = get_call(session, call_id)
        audio = self._audio(call)
        script = self._script(call)
        transcript = self._transcribe(call, audio, script)
        if self.settings.mask_pii:
            transcript = mask_transcript(transcript)
        with transaction(self.store) as session:
            save_transcript(session, call_id, transcript)
            stored = get_call(session, call_id)
            if stored.kind == "call":  # a voicemail has no agent to check
                check_stored_call(session, stored, self.scripts)
        log.info(
            "call %d stored: %d utterances, score %s",
            call_id,
            len(transcript.utterances),
            "-" if stored.score is None else stored.score,
        )

    def _audio(self, call: Call) -> Path:
        if call.audio_path and Path(call.audio_path).is_file():
            return Path(call.audio_path)
        if call.audio_path:
            raise AudioError(f"{call.audio_path}: the recording file is gone; restore it")
        if not call.recording_url:
            raise DownloadError(f"call {call.id} has neither a recording URL nor a file")
        dest = recording_file(self.settings.recordings_dir, call.recording_sid)
        download(
            media_url(call.recording_url),
            dest,
            auth=(self.settings.twilio_account_sid, self.settings.twilio_auth_token),
            allowed=self.settings.allowed_media_origins,
            timeout=self.download_timeout,
            retries=self.download_retries,
            backoff=self.download_backoff,
        )
        with transaction(self.store) as session:
            stored = session.get(Call, call.id)
            if stored is not None:
                stored.audio_path = str(dest)
        return dest

    def _script(self, call: Call) -> DepartmentScript:
        with transaction(self.store) as session:
            return script_heard(session, call, self.scripts)

    def _transcribe(self, call: Call, audio: Path, script: DepartmentScript) -> Transcript:
        transcript = transcribe_file(
            audio, language=script.lang, settings=self.settings, agent_channel=call.agent_channel
        )
        if call.kind == "voicemail":  # one channel, and only the caller speaks
            transcript = transcript.model_copy(
                update={
                    "utterances": [
                        u.model_copy(update={"speaker": "caller"}) for u in transcript.utterances
                    ]
                }
            )
        return transcript
