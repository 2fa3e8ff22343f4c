"""How the second opinion's threshold trades accuracy for confident-wrong on labelled calls
(figures only, so held-out and blind parts may be named): per rule it sends on, accuracy /
confident-wrong with the rules alone (None) and at each threshold, clean and at 15% noise.

    python scripts/sweep_second_opinion.py fresh9 en_dev8
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.review.corpus

from ivr.review import check_call
from ivr.review.matchers import build_turns
from ivr.review.rules import CheckerRules, apply_overrides, load_pack
from ivr.review.second_opinion import MIN_AGENT_TURNS, call_text, models
from tests.review.corpus import PARTS, Call, department_for, load_calls, render

THRESHOLDS = (None, 0.6, 0.7, 0.8, 0.9)
Tally = dict[tuple[str, float | None], list[int]]  # (rule, threshold) -> total, right, wrong


def rules_alone(pack: CheckerRules) -> CheckerRules:
    rules = {k: r.model_copy(update={"second_opinion": None}) for k, r in pack.rules.items()}
    return pack.model_copy(update={"rules": rules})


def tally(calls: list[Call], noise: float, seeds: int) -> Tally:
    counts: Tally = defaultdict(lambda: [0, 0, 0])
    for labelled in calls:
        script = department_for(labelled)
        pack = apply_overrides(load_pack(script.lang), script.checker)
        sent_on = models(pack.language)
        for seed in range(seeds):
            transcript = render(labelled, noise, seed)
            review = check_call(transcript, script, rules_alone(pack))
            turns = build_turns(transcript, pack.language, pack.metrics.long_silence)
            enough = sum(t.speaker == "agent" for t in turns) >= MIN_AGENT_TURNS
            for rule_id, model in sent_on.items():
                label = labelled.labels.get(rule_id)
                if label in (None, "skip"):
                    continue
                status = review.finding(rule_id).status
                doubted = None
                if enough and status in ("pass", "fail"):
                    failing = model.predict_proba([call_text(turns, rule_id)])[0][1]
                    doubted = failing if status == "pass" else 1 - failing
                for threshold in THRESHOLDS:
                    sent = threshold is not None and doubted is not None and doubted >= threshold
                    final = "uncertain" if sent else status
                    count = counts[(rule_id, threshold)]
                    count[0] += 1
                    count[1] += final == label
                    count[2] += final != label and final in ("pass", "fail")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", choices=list(PARTS))
    calls = load_calls(tuple(parser.parse_args().parts))
    print(f"{len(calls)} calls; accuracy/confident-wrong by threshold")
    for noise, seeds in ((0.0, 1), (0.15, 2)):
        counts = tally(calls, noise, seeds)
        print(f"noise {noise:.0%}")
        for rule_id in dict.fromkeys(rule for rule, _ in counts):
            cells = []
            for threshold in THRESHOLDS:
                total, right, wrong = counts[(rule_id, threshold)]
                cells.append(f"{threshold or '-'!s:>4}: {right / total:6.1%}/{wrong / total:4.1%}")
            print(f"  {rule_id:<15}" + "  ".join(cells))


if __name__ == "__main__":
    main()
