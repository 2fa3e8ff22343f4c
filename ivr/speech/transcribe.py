"""One recording in, one Transcript out: probe, resolve the model, decode each channel, merge."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ivr.errors import ConfigError
from ivr.settings import Settings
from ivr.speech.audio import AudioInfo, channel_pcm, probe
from ivr.speech.decode import DecodeOptions, decode_channel, utterances
from ivr.speech.models import load_model, model_rate, resolve_model
from ivr.transcript import Speaker, Transcript, Utterance

log = logging.getLogger(__name__)


def transcribe_file(
    path: Path,
    *,
    language: str,
    settings: Settings,
    agent_channel: int | None = None,
    model: str | None = None,
    options: DecodeOptions | None = None,
) -> Transcript:
    """Transcribe a mono or stereo recording; stereo channels become caller and agent.

    `model` is a model name or directory overriding the setting for `language`; `agent_channel`
    (1 or 2) overrides `settings.agent_channel`. Raises AudioError, ModelNotFoundError or
    ConfigError with a message saying what to fix.
    """
    options = options or DecodeOptions()
    name = model or settings.model_for(language)
    speakers = channel_speakers(agent_channel or settings.agent_channel)
    info = probe(Path(path), allow_truncated=options.allow_truncated)
    model_dir = resolve_model(language, name)
    vosk_model, rate = load_model(model_dir), model_rate(model_dir)
    channels = range(info.channels)
    labels: list[Speaker] = list(speakers) if info.channels == 2 else ["unknown"]

    def decode(channel: int) -> list[Utterance]:
        words = decode_channel(channel_pcm(info, channel, rate), vosk_model, rate, options)
        return utterances(words, labels[channel], language, options.pause)

    if options.parallel_channels is not False and info.channels > 1:
        # Vosk releases the GIL while decoding, so threads sharing the one Model run in parallel.
        with ThreadPoolExecutor(max_workers=info.channels) as pool:
            per_channel = list(pool.map(decode, channels))
    else:
        per_channel = [decode(channel) for channel in channels]
    transcript = _transcript(info, language, [u for group in per_channel for u in group])
    log.info(
        "%s: %d utterances in %.0f s of audio", path, len(transcript.utterances), info.duration
    )
    return transcript


def channel_speakers(agent_channel: int) -> tuple[Speaker, Speaker]:
    """Who speaks on channels 1 and 2 of a stereo recording."""
    if agent_channel not in (1, 2):
        raise ConfigError(
            f"agent channel must be 1 or 2, not {agent_channel} (Twilio puts the caller on 1 "
            "and the dialed agent on 2)",
            field="agent_channel",
        )
    return ("caller", "agent") if agent_channel == 2 else ("agent", "caller")


def _transcript(info: AudioInfo, language: str, found: list[Utterance]) -> Transcript:
    return Transcript(
        language=language,
        duration=round(info.duration, 3),
        channels=info.channels,
        utterances=sorted(found, key=lambda u: (u.start, u.speaker)),
    )
