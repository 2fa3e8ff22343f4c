"""Every review the checker gives on the labelled development calls and on the benchmark's
calls, one line per finding, so a change meant to keep verdicts (speed work) can be checked
against the dump of the code before it: `diff` the two files.

    PYTHONPATH=$PWD python scripts/dump_reviews.py > reviews.txt [--full]

Each dev part's calls at 0, 5 and 15% noise under seeds 0-2, then the benchmark's 100-utterance
calls and its long call. A line is the call, noise and seed, the rule, its status and message;
`--full` writes each whole review (evidence, confidence, metrics) as JSON instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import stitched

from ivr.review import check_call
from ivr.review.findings import Review
from tests.review.corpus import (
    HELDOUT_PARTS,
    PARTS,
    book,
    department_for,
    load_calls,
    load_part,
    render,
)

NOISES = (0.0, 0.05, 0.15)
SEEDS = range(3)


def lines(name: str, review: Review, full: bool) -> list[str]:
    if full:
        return [f"{name}\t{review.model_dump_json()}"]
    return [f"{name}\t{f.rule}\t{f.status}\t{f.message}" for f in review.findings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="whole reviews as JSON")
    parser.add_argument("--calls", type=int, default=200, help="benchmark calls, as it runs")
    args = parser.parse_args()
    out: list[str] = []
    for part in (p for p in PARTS if p not in HELDOUT_PARTS):  # never the held-out calls
        for call in load_part(part):
            script = department_for(call)
            for noise in NOISES:
                for seed in SEEDS:
                    review = check_call(render(call, noise, seed), script)
                    out += lines(f"{part}/{call.id}/{noise}/{seed}", review, args.full)
    calls = load_calls()
    script = book().get(book().default)
    bench = [stitched(calls[i % len(calls) :], 100, seed=i) for i in range(args.calls)]
    for i, transcript in enumerate(bench):
        out += lines(f"bench/{i}", check_call(transcript, script), args.full)
    out += lines("bench/long", check_call(stitched(calls, 10_000, seed=1), script), args.full)
    print("\n".join(out))


if __name__ == "__main__":
    main()
