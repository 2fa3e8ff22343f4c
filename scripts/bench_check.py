"""Benchmark: transcripts checked per second on one core (goal: at least 200).

Every labelled call (shared examples when present, and tests/review/calls_extra.txt) is rendered
as Vosk writes it with 15% character noise under several seeds, so each transcript is new to the
checker's caches. The baseline, in the same process, is validating the same transcripts from
their JSON form (what any consumer of a transcript pays), so the ratio travels across machines.

    python scripts/bench_check.py [--seeds 10] [--accuracy]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ivr.review import check_call
from ivr.transcript import Transcript
from tests.review.corpus import department_for, load_calls, render
from tests.review.evaluate import evaluate


def _rate(work, items: list) -> float:
    start = time.process_time()  # CPU time: other work on the machine does not count
    for item in items:
        work(item)
    return len(items) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="noisy renderings per call")
    parser.add_argument("--accuracy", action="store_true", help="also print per-rule accuracy")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    calls = load_calls()
    warm = [(render(c, 0.15, seed=1000), department_for(c)) for c in calls]
    jobs = [(render(c, 0.15, seed), department_for(c)) for seed in range(args.seeds) for c in calls]
    payloads = [t.model_dump_json() for t, _ in jobs]
    for transcript, script in warm:  # load the rule packs and compile phrase lists once
        check_call(transcript, script)

    baseline = _rate(Transcript.model_validate_json, payloads)
    checked = _rate(lambda job: check_call(*job), jobs)
    utterances = sum(len(t.utterances) for t, _ in jobs) / len(jobs)
    print(f"{len(jobs)} transcripts ({utterances:.1f} utterances each, 15% character noise)")
    print(f"check_call:          {checked:8.0f} transcripts/s on one core (goal >= 200)")
    print(f"baseline (JSON in):  {baseline:8.0f} transcripts/s")
    print(f"ratio:               {checked / baseline:8.3f} of parsing the transcript")
    if args.accuracy:
        for title, noise, seeds in (("clean", 0.0, 1), ("15% noise", 0.15, 5)):
            print(evaluate(calls, noise, seeds).table(f"all labelled calls, {title}"))


if __name__ == "__main__":
    main()
