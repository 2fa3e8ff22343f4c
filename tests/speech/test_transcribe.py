"""Real Vosk decoding of synthetic calls: who spoke, when; silence skipping loses nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from ivr.settings import Settings
from ivr.speech import DecodeOptions, transcribe_file
from ivr.speech.audio import channel_pcm, probe
from ivr.speech.decode import join_words, utterances
from ivr.speech.vad import VadOptions, speech_pieces
from ivr.transcript import Speaker, Transcript, Word
from tests.speech.conftest import CALL_SECONDS, CALLER_1
from tests.speech.synth import Placed, build_call, speak, write

TOLERANCE = 0.5  # seconds between where speech was placed and where its words are found
TWILIO = {0: "caller", 1: "agent"}


def assert_on_timeline(
    transcript: Transcript, placed: list[Placed], speakers: dict[int, Speaker]
) -> None:
    """Every word lies in speech placed on its speaker's channel; every placed phrase is heard."""
    for utterance in transcript.utterances:
        own = [p for p in placed if speakers[p.channel] == utterance.speaker]
        for word in utterance.words:
            assert any(
                p.start - TOLERANCE <= word.start and word.end <= p.end + TOLERANCE for p in own
            ), f"{utterance.speaker} word {word} is outside that speaker's speech {own}"
    for phrase in placed:
        heard = [
            w
            for u in transcript.by(speakers[phrase.channel])
            for w in u.words
            if phrase.start - TOLERANCE <= w.start <= phrase.end + TOLERANCE
        ]
        assert heard, f"nothing heard of {phrase}"
        assert abs(heard[0].start - phrase.start) <= TOLERANCE, (phrase, heard[0])
        assert abs(heard[-1].end - phrase.end) <= TOLERANCE, (phrase, heard[-1])


def test_stereo_mulaw_wav_words_land_on_the_right_speaker_in_time(
    wav_transcript: Transcript, placed: list[Placed]
) -> None:
    assert wav_transcript.channels == 2
    assert wav_transcript.language == "ko"
    assert wav_transcript.duration == pytest.approx(CALL_SECONDS, abs=0.05)
    assert_on_timeline(wav_transcript, placed, TWILIO)


def test_mp3_with_agent_on_channel_1_swaps_the_speakers(
    call_mp3: Path, ko_settings: Settings, placed: list[Placed]
) -> None:
    transcript = transcribe_file(call_mp3, language="ko", settings=ko_settings, agent_channel=1)
    assert_on_timeline(transcript, placed, {0: "agent", 1: "caller"})


def test_utterances_split_at_pauses_and_merge_in_time_order(wav_transcript: Transcript) -> None:
    assert [u.speaker for u in wav_transcript.utterances] == ["caller", "agent", "agent"]
    starts = [u.start for u in wav_transcript.utterances]
    assert starts == sorted(starts)
    for utterance in wav_transcript.utterances:
        assert utterance.text == " ".join(w.word for w in utterance.words)  # Korean keeps spaces
        assert 0 < utterance.confidence <= 1


def test_skipping_silence_keeps_every_word_and_utterance_time(
    wav_transcript: Transcript, wav_transcript_unskipped: Transcript, mulaw_wav: Path
) -> None:
    # Word for word equality is not Vosk's to give: its online i-vector adapts to every frame,
    # skipped noise included, and on espeak's voice the Korean model's weak guesses flip with it
    # (two recognizers on the same audio disagree too). What skipping must keep is the speech:
    # every word the full decoding finds lies in audio the VAD kept, at the same times.
    skipped = [(u.speaker, u.start, u.end) for u in wav_transcript.utterances]
    full = [(u.speaker, u.start, u.end) for u in wav_transcript_unskipped.utterances]
    assert [s[0] for s in skipped] == [f[0] for f in full]
    for (_, start, end), (_, full_start, full_end) in zip(skipped, full, strict=True):
        assert start == pytest.approx(full_start, abs=0.1)
        assert end == pytest.approx(full_end, abs=0.1)

    info = probe(mulaw_wav)
    for channel, speaker in TWILIO.items():
        kept = kept_regions(channel_pcm(info, channel, 16000), 16000)
        assert sum(end - start for start, end in kept) < 0.75 * info.duration  # it does skip
        for word in (w for u in wav_transcript_unskipped.by(speaker) for w in u.words):
            assert any(start <= word.start and word.end <= end for start, end in kept), word


def kept_regions(pcm: Iterable[bytes], rate: int) -> list[tuple[float, float]]:
    regions: list[tuple[float, float]] = []
    first: int | None = None
    for piece in speech_pieces(pcm, rate, VadOptions()):
        first = piece.start if first is None else first
        if piece.last:
            regions.append((first / rate, (piece.start + len(piece.audio) // 2) / rate))
            first = None
    return regions


@pytest.mark.parametrize("noise_dbfs", [-60.0, None], ids=["line-noise", "digital-silence"])
@pytest.mark.parametrize("skip_silence", [True, False], ids=["skip", "no-skip"])
def test_silence_gives_no_words(
    noise_dbfs: float | None, skip_silence: bool, ko_settings: Settings, tmp_path: Path
) -> None:
    quiet, _ = build_call([], 6.0, noise_dbfs=noise_dbfs, seed=7)
    path = write(quiet, tmp_path / "quiet.wav")
    options = DecodeOptions(skip_silence=skip_silence)
    transcript = transcribe_file(path, language="ko", settings=ko_settings, options=options)
    assert transcript.utterances == []
    assert transcript.duration == pytest.approx(6.0, abs=0.05)


def test_mono_16_bit_wav_at_another_rate_is_one_unknown_speaker(
    ko_settings: Settings, tmp_path: Path
) -> None:
    mono, placed = build_call([(CALLER_1, speak(CALLER_1.text))], 5.0, channels=1)
    path = write(mono, tmp_path / "mono.wav", "pcm_s16le", rate=22050)
    transcript = transcribe_file(path, language="ko", settings=ko_settings)
    assert transcript.channels == 1
    assert {u.speaker for u in transcript.utterances} == {"unknown"}
    assert_on_timeline(transcript, placed, {0: "unknown"})


def word(text: str, start: float, end: float) -> Word:
    return Word(word=text, start=start, end=end, conf=0.5)


def test_mandarin_text_drops_vosk_spaces_but_keeps_the_words() -> None:
    words = [word("您好", 1.0, 1.4), word("请问", 1.5, 1.8), word("ok", 1.9, 2.0)]
    words += [word("google", 2.0, 2.3), word("三个", 2.4, 2.7)]
    [utterance] = utterances(words, "agent", "zh-CN", pause=0.8)
    assert utterance.text == "您好请问ok google三个"
    assert [w.word for w in utterance.words] == ["您好", "请问", "ok", "google", "三个"]
    assert (utterance.start, utterance.end, utterance.confidence) == (1.0, 2.7, 0.5)
    assert join_words(["thank", "you"], "en") == "thank you"


def test_a_pause_of_at_least_the_setting_starts_a_new_utterance() -> None:
    words = [word("a", 0.0, 0.5), word("b", 1.2, 1.5), word("c", 2.5, 2.9)]
    assert [u.text for u in utterances(words, "caller", "en", pause=0.8)] == ["a b", "c"]
    assert [u.text for u in utterances(words, "caller", "en", pause=0.5)] == ["a", "b", "c"]
    assert [u.text for u in utterances(words, "caller", "en", pause=1.5)] == ["a b c"]
