"""How the second opinion's settings trade accuracy for confident-wrong on labelled calls
(figures only, so held-out and blind parts may be named): per rule the pack defers on,
accuracy / confident-wrong with the rules alone (-) and at each (decide, doubt), clean and at
15% noise.

    python scripts/sweep_second_opinion.py fresh10 en_dev9
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.review.corpus

from ivr.review import check_call
from ivr.review.matchers import build_turns
from ivr.review.rules import SecondOpinion, apply_overrides, load_pack
from ivr.review.second_opinion import MIN_AGENT_TURNS, call_text, models, rules_only, settle
from tests.review.corpus import PARTS, Call, department_for, load_calls, render

SETTINGS = (
    None,
    SecondOpinion(doubt=0.3),
    SecondOpinion(decide=0.8, doubt=0.2),
    SecondOpinion(decide=0.7, doubt=0.2),
    SecondOpinion(decide=0.6, doubt=0.2),
)
Tally = dict[tuple[str, int], list[int]]  # (rule, setting) -> total, right, wrong


def tally(calls: list[Call], noise: float, seeds: int) -> Tally:
    counts: Tally = defaultdict(lambda: [0, 0, 0])
    for labelled in calls:
        script = department_for(labelled)
        pack = apply_overrides(load_pack(script.lang), script.checker)
        for seed in range(seeds):
            transcript = render(labelled, noise, seed)
            review = check_call(transcript, script, rules_only(pack))
            turns = build_turns(transcript, pack.language, pack.metrics.long_silence)
            enough = sum(t.speaker == "agent" for t in turns) >= MIN_AGENT_TURNS
            scores = models(pack.language)
            verdicts = scores.verdicts(call_text(turns)) if scores and enough else {}
            for rule_id in scores.classes if scores else ():
                label = labelled.labels.get(rule_id)
                if label in (None, "skip"):
                    continue
                status = review.finding(rule_id).status
                probs = verdicts.get(rule_id)
                for i, settings in enumerate(SETTINGS):
                    final = settle(status, probs, settings)[0] if settings and probs else status
                    count = counts[(rule_id, i)]
                    count[0] += 1
                    count[1] += final == label
                    count[2] += final != label and final in ("pass", "fail")
    return counts


def name(settings: SecondOpinion | None) -> str:
    return f"{settings.decide or '-'}/{settings.doubt}" if settings else "rules"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", choices=list(PARTS))
    calls = load_calls(tuple(parser.parse_args().parts))
    print(f"{len(calls)} calls; accuracy/confident-wrong by decide/doubt")
    for noise, seeds in ((0.0, 1), (0.15, 2)):
        counts = tally(calls, noise, seeds)
        print(f"noise {noise:.0%}")
        for rule_id in dict.fromkeys(rule for rule, _ in counts):
            cells = []
            for i, settings in enumerate(SETTINGS):
                total, right, wrong = counts[(rule_id, i)]
                cells.append(f"{name(settings):>7}: {right / total:6.1%}/{wrong / total:4.1%}")
            print(f"  {rule_id:<15}" + "  ".join(cells))


if __name__ == "__main__":
    main()
