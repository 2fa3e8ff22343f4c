"""Benchmark: calls checked per second on one core, for 100-utterance calls (goal: at least 200
a second) and for one 10,000-utterance call (goal: under 2 s).

Calls are stitched from the labelled calls (their lines in order, greeting to goodbye, until the
call is long enough) and rendered as Vosk writes them with 15% character noise under several
seeds, so each transcript is new to the checker's caches. The baseline, in the same process, is
validating the same transcripts from their JSON form (what any consumer of a transcript pays),
so the ratios travel across machines.

    python scripts/bench_check.py [--calls 200] [--long 10000]

Objects the benchmark itself holds are frozen out of the garbage collector before measuring:
otherwise a full collection walking a million of them lands in one measurement or another.

Measured on the 2-core shared test machine (load 4-6), this script run three times side by side
for the checker before and after the matching work of issue 9 (same transcripts, same verdicts):
100-utterance calls 51-57 -> 57-63 calls/s (ratio to parsing 0.08-0.12 -> 0.09-0.14), the
10,000-utterance call 1.5-1.7 s either way (ratio 0.37-0.38 -> 0.42-0.47). Then the prefilter
(one Aho-Corasick pass per turn; a cue pattern runs only where a string every match of it needs
occurs), fuzzy candidates tested as bit operations, and rules asking for no weaker hits than
they use (same verdicts on every labelled call and every benchmark call), four runs at load
0.9 over the reworked Mandarin and English rules: 100-utterance calls 66-90 calls/s (ratio
0.09-0.13), the long call 1.27-2.44 s (one run of the rules without this work in the same
minutes: 60 calls/s, 1.71 s); both versions checking the same calls in turn in one process: 1.32x.
Then the long call's quadratic parts (the refusal rule searching every caller turn for a name
per hit, follow_up_time comparing each vague word with every commitment), cues' derived lists
kept with the rule, a turn's phrase bits from per-character bits, plain Mandarin words timed
without normalising each, and a phrase list skipped in one AND where a turn holds none of its
characters (same reviews on every labelled call of every part at 0, 5 and 15% noise and on
every benchmark call), at load 4.5-5: this script, old then new in the same minute, 76 -> 95
calls/s (ratio 0.115 -> 0.137) and the long call 1.52 -> 1.00 s (cost per utterance 1.16 ->
0.95 x the short calls'); both versions checking each call in turn in one process: 1.12-1.13x
on the 100-utterance calls, 1.70-1.73x on the long call. With `--long 32000`: 8.56 -> 3.35 s
(cost per utterance 2.19 -> 0.92 x the short calls'). Then the Mandarin and English accuracy
work of the same session (more cue lists, a caller's unannounced wait, numbers read out), at
load 0.9, the speed work alone then all of it in the same minutes: 59 -> 59 calls/s (ratio
0.126 -> 0.114), the long call 1.72 -> 1.71 s (cost per utterance 1.00 x the short calls').
Then less work where it cannot change a review (a call with a refusal said outright is not
searched for sound-alike ones; once privacy failed on a phrase said, weaker hits are not looked
for; the nearest words are looked for only for the outcome a finding shows) and the prefilter's
gate read with fewer calls: every review (evidence, nearest and metrics too) identical on every
dev call at 0, 5 and 15% noise, seeds 0-2, and on every benchmark call (scripts/dump_reviews.py,
diffed). At load 7-8 on 2 cores, both versions checking the same calls in alternating chunks of
10, in two processes: 1.06-1.09x on the 100-utterance calls (25.0 -> 26.6 calls/s there), 1.19x
on the long call (2.91 -> 2.44 s); this script, main then this, in the same minutes: 31 ->
33 calls/s (ratio 0.157 -> 0.150, the baseline moving with the load), the long call 2.91 ->
2.49 s (ratio 0.483 -> 0.533). Measured and not kept: a distance-only pass before the
syllable alignment (1.0x: the alignment is small, m 3-6 by 20 syllables, and the pass costs
three quarters of it); mypyc-compiled matchers.py and normalize.py, 1.10x short and 1.25x long,
not worth an extension that shadows its .py (the rest of the checker is not mypy-clean to
compile). No library aligns with this cost model (a syllable sharing an initial or final costs
half an edit, with free ends in the turn): rapidfuzz's weighted Levenshtein and edlib have one
substitution cost, and the arrays (m <= 6) are too small for numpy to pay.
Then (py-spy on the steady state: fuzzy phrase search 24%, cue regexes run 12%, a number
read out marked per character 5%, a turn's phrase bits 4%) a number read out marked by one
str.translate, `nearest` not aligning a phrase whose bound cannot beat the best so far,
`_spans` a list asking the gate first, a turn's phrase bits one OR in C over packed
per-character bits: every review identical on every dev and English dev call at 0, 5 and 15%
noise, seeds 0-2, every benchmark call, and (hashes only) every held-out call. At load 5-6,
both versions in alternating chunks of 10 in two processes: 1.04-1.05x on the 100-utterance
calls, 1.15x on the long call; this script, main then this, twice: 52 -> 54-55 calls/s (ratio
0.090-0.092 -> 0.092-0.094), the long call 1.52-1.56 -> 1.40-1.41 s. Measured and not kept:
fuzzy candidates from per-character phrase masks (0.95-0.97x: the lists are 8-38 phrases).
Left: most cue regexes' gates open on a one-character literal (referral's on 80% of agent
turns, for 1 hit in 4309); a gate per alternative (all of its literals, not one) would skip
most of that 12%. With one warm-up call, cue lists compiled on first use (about 5% of 200
calls) still land in the measurement.
Then (pyinstrument, 200 calls after 20 warm-up ones: fuzzy phrase search ~25% spread over
_fuzzy_spans, align, the candidate bound; cue regexes and their gates ~12%; build_turns 7%;
per rule time_commitment 22%, must_not_say 11%, refusal 11%, complaint_apology 10%) a gate
per alternative for character cue patterns (all its literals, not the whole pattern's one):
cue `_spans` 0.44-0.50 -> 0.33-0.39 s per 100 calls, four runs, the gate taking back part of
it; whole calls, both versions in alternating chunks of 10 at load 7-8: 0.99-1.04x short,
0.96-1.15x long, within the noise. Warm-up is now 10 calls. Measured and not kept: the gate per
alternative on sound-key patterns (their literals are syllables: slower), one alternation of a
list's sound-key patterns searched first (by_sound 2x slower), align with cost and start
packed in one int (8% slower), the fuzzy region's bound as bits (no faster).
Then the second opinion reading the agent's words as a field of its own (a second automaton
pass, models twice the size), at load 1 on 2 cores, main then this, twice: 48 -> 50 and 52 ->
53 calls/s (rules alone 54 -> 55, 64 -> 64), the long call 1.56 -> 1.83 and 1.55 -> 1.46 s:
no cost above the machine's noise.
Then a time for a side matter no longer correcting vague words and the models learning from
4,094 and 2,770 calls, at load 1, main and this in turn, twice: 38-54 -> 49-56 calls/s (ratio
0.074-0.080 -> 0.080-0.087), the long call 1.67-2.15 -> 1.57-1.74 s: no cost above the noise.
Then flat refusals and other cue patterns added, the models learning from 4,414 and 2,930
calls, at load 1, main and this in turn, twice: 61, 57 -> 56, 57 calls/s (ratio 0.084-0.085 ->
0.082), the long call 1.51-1.52 -> 1.48-1.49 s: no cost above the noise.
Then numbers read digit by digit in the English renderings, an organisation's line told from
someone's number, a side matter's vague words after a promise, the models learning from 4,574
and 3,250 calls, at load 1.5-2.5 (the test suite running), main and this in turn, twice: 61,
59 -> 57, 60 calls/s (rules alone 73, 67 -> 68, 69), the long call 1.29-1.37 -> 1.32-1.34 s:
no cost above the noise.
Then the caller's "when?" needing a time in the answer (Mandarin), more cue patterns in
English, someone else's details told to a caller, the models learning from 4,814 and 3,410
calls, at load 1.4-1.7 (the test suite running), main and this in turn: 61 -> 62 calls/s (rules
alone 69 -> 75), the long call 1.34-1.42 -> 1.36-1.44 s: no cost above the noise.
Then numbers in department names read out, more cue patterns in both languages, the models
learning from 5,134 and 3,730 calls, at load 2-2.3 (the test suite running), main and this in
turn: 57, 57 -> 54, 55 calls/s, rules alone 68, 70 -> 61, 62 with agent numbers read as
cardinals too and names' readings worked out on every call; with those dropped and cached,
53 -> 53, 56 calls/s (rules alone 61 -> 59, 68), the long call 1.40-1.63 -> 1.45-1.53 s:
within the noise.
Then English homophones respelt as the pack's words (the benchmark's calls are Mandarin: its
cost is a dictionary lookup per English word, once per text), more cue patterns, the models
learning from 5,294 and 3,890 calls, at load 1-1.7, main and this in turn, twice: 62, 62 ->
64, 59 calls/s (rules alone 70, 71 -> 78, 71), the long call 1.43-1.44 -> 1.36-1.41 s: within
the noise.
Then the second opinion's n-gram hits gathered in a list before one array (np.fromiter over a
generator cost twice as much: 0.10 -> 0.05 s per 200 texts of 1,000 characters), more cue
patterns, the models learning from 5,454 and 4,210 calls, at load 1-1.5, main and this in
turn, twice: 58, 62 -> 60, 60 calls/s (rules alone 71, 76 -> 69, 65), the long call 1.41, 1.36
-> 1.40, 1.43 s: within the noise.
Then more cue patterns and the models learning from 5,694 and 4,370 calls, at load 0.7-1.8,
main and this in turn, twice: 56, 64 -> 63, 64 calls/s, the long call 1.40, 1.36 -> 1.38,
1.35 s: within the noise.
Then more cue patterns and the models learning from 6,254 and 4,930 calls, at load 0.6-0.9 on
a machine whose own speed moved between runs (the baseline 293-519 calls/s), main and this in
turn, twice: 42, 28 -> 33, 36 calls/s (ratio 0.089, 0.095 -> 0.113, 0.070), the long call
2.01, 2.66 -> 3.03, 2.92 s (main gave 2.94 s on its own that morning): within the noise.
Then more cue patterns, a denial read before the caller's own-fault words, and the models
learning from 6,414 and 5,090 calls, at load 0.9, main and this in turn, twice: 28, 43 -> 44,
43 calls/s (ratio 0.091, 0.087 -> 0.086, 0.102), the long call 1.97, 2.01 -> 2.40, 1.92 s:
within the noise.
Then more cue patterns and the models learning from 6,574 and 5,250 calls, at load 1.1-1.3,
main and this in turn, twice: 38, 33 -> 38, 38 calls/s (ratio 0.088, 0.108 -> 0.100, 0.079),
the long call 2.24, 1.84 -> 2.27, 1.83 s: within the noise.
Then more cue patterns, a caller's hello searched against a bad-line list, a number said back
weighed by its length, and the models learning from 6,734 and 5,410 calls, at load 1.0-1.5,
main and this in turn, twice: 27 -> 28 calls/s (ratio 0.101, 0.079 -> 0.090, 0.095), the long
call 3.08, 2.81 -> 3.18, 2.81 s (both slower than last round's on this machine today): within
the noise.
Then the cue pattern language in its own module (a literal spelt as one character no longer
wrapped in a group), more cue patterns, English closing asking for courtesy too, and the models
learning from 6,894 and 5,570 calls, at load 0.4-1.1, main and this in turn, three times: 47,
41, 39 -> 46, 48, 44 calls/s (rules alone 51, 55, 50 -> 41, 42, 52; the same rules alone in one
process, 100 calls three times each: 46-49 -> 44-49), the long call 1.77, 1.79, 1.78 -> 1.75,
1.88, 1.73 s: within the noise.
Then a caller's hello looked for before the bad-line list, more cue patterns, Mandarin cues for
someone else's details, and the models learning from 7,054 and 5,730 calls, at load 0.7-1.4,
main and this in turn, twice each way: 58, 56 -> 61, 61 calls/s (rules alone 63, 68 -> 69, 69),
the long call 1.49, 1.41, 1.52, 1.45 -> 1.32, 1.45, 1.39, 1.35 s: within the noise.
Then an opening that ends once the caller has said what they want, more cue patterns, and the
models learning from 7,214 and 5,890 calls, on a slower day for this machine (the JSON baseline
533-584 calls/s), main and this in turn, three times each way: 0.081, 0.074, 0.084 -> 0.073,
0.075, 0.073 of parsing the transcript (45 -> 43 calls/s on the last pair), the long call 0.388,
0.420, 0.376 -> 0.386, 0.389, 0.381 of parsing it (1.80, 1.93, 1.88 -> 1.97, 1.88, 1.85 s):
within the noise, and the long call's absolute time as close to its 2 s goal as this machine's.
Then references told apart from other numbers said back, a side-question cue and the models
learning from 7,374 and 6,050 calls, main and this in turn, three times each way: 0.078, 0.083,
0.080 -> 0.080, 0.080, 0.085 of parsing the transcript (55, 54, 57 -> 58, 57, 57 calls/s), the
long call 1.46, 1.55, 1.49 -> 1.42, 1.45, 1.50 s: within the noise.
Then more English apology cues (the agent's own words finding the fault, a restatement naming
it ours, more reports) and the models learning from 7,534 and 6,210 calls, main and this in
turn, three times each way: 0.086, 0.080, 0.080 -> 0.086, 0.080, 0.078 of parsing the transcript
(51, 49, 52 -> 50, 52, 51 calls/s), the long call 1.64, 1.64, 1.59 -> 1.59, 1.49, 1.60 s:
within the noise.
Then more cue patterns (Mandarin complaints in plain speech, English follow-up promises with
no time and someone else's details told) and the models learning from 7,694 and 6,370 calls,
at load 0.9, main and this in turn, three times each way: 0.088, 0.079, 0.090 -> 0.082, 0.082,
0.086 of parsing the transcript (52, 50, 53 -> 49, 54, 58 calls/s), the long call 1.64, 1.68,
1.53 -> 1.57, 1.66, 1.50 s: within the noise.
Then a promised time said back before a side question, more cue patterns and the models
learning from 7,854 and 6,530 calls, at load 2, main and this in turn, twice: 67, 68 -> 66, 66
calls/s (ratio 0.093, 0.084 -> 0.091, 0.083), the long call 1.21, 1.23 -> 1.55, 1.52 s: the
said-back time compared each caller turn with every promise before it, quadratic in the call.
Compared with the agent's turn just before the caller's alone (same verdicts on every training
call): 69 -> 67 calls/s, the long call 1.26 -> 1.24 s.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ivr.review import check_call
from ivr.review.rules import apply_overrides, load_pack
from ivr.review.second_opinion import rules_only
from ivr.transcript import Transcript
from tests.review.corpus import Call, book, load_calls, render


def _seconds(work: Callable[[object], object], items: list) -> float:
    start = time.process_time()  # CPU time: other work on the machine does not count
    for item in items:
        work(item)
    return time.process_time() - start


def stitched(calls: list[Call], utterances: int, seed: int) -> Transcript:
    """One call of `utterances` utterances, from the labelled calls' lines in turn."""
    lines = list(
        itertools.islice(itertools.cycle(line for c in calls for line in c.lines), utterances)
    )
    return render(Call(f"bench-{utterances}-{seed}", {}, lines), 0.15, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="100-utterance calls to check")
    parser.add_argument("--long", type=int, default=10_000, help="utterances in the long call")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    calls = load_calls()
    script = book().get(book().default)
    # Load the packs and compile what calls use: cue lists and phrase lists are compiled on
    # first use, and one call uses too few of them (the rest cost ~5% of 200 calls).
    for i in range(10):
        check_call(stitched(calls[i * 37 % len(calls) :], 100, seed=10_000 + i), script)
    short = [stitched(calls[i % len(calls) :], 100, seed=i) for i in range(args.calls)]
    # Other renderings for the rules alone: the checker caches what it saw of a transcript.
    fresh = [stitched(calls[i % len(calls) :], 100, seed=-1 - i) for i in range(args.calls)]
    long = stitched(calls, args.long, seed=1)

    payloads = [t.model_dump_json() for t in short]
    # What the benchmark holds (the labelled calls, the word segmenter's dictionary, these
    # transcripts) is no part of checking: a full garbage collection that walks it costs a
    # second, and lands in whichever measurement allocates past the threshold.
    gc.collect()
    gc.freeze()
    baseline = _seconds(Transcript.model_validate_json, payloads)
    checked = _seconds(lambda t: check_call(t, script), short)
    alone = rules_only(apply_overrides(load_pack(script.lang), script.checker))
    rules = _seconds(lambda t: check_call(t, script, alone), fresh)
    print(f"{len(short)} calls of 100 utterances (15% character noise), one core")
    print(f"  check_call:         {len(short) / checked:8.0f} calls/s (goal >= 200)")
    print(f"  rules alone:        {len(short) / rules:8.0f} calls/s (the second opinion off)")
    print(f"  baseline (JSON in): {len(short) / baseline:8.0f} calls/s")
    print(f"  ratio:              {baseline / checked:8.3f} of parsing the transcript")

    long_json = long.model_dump_json()
    parse_long = _seconds(Transcript.model_validate_json, [long_json])
    check_long = _seconds(lambda t: check_call(t, script), [long])
    per_utterance_short = checked / (100 * len(short))
    print(f"one call of {len(long.utterances)} utterances")
    print(f"  check_call:         {check_long:8.2f} s (goal < 2 s)")
    print(f"  baseline (JSON in): {parse_long:8.3f} s")
    print(f"  ratio:              {parse_long / check_long:8.3f} of parsing the transcript")
    print(
        f"  cost per utterance: {check_long / len(long.utterances) / per_utterance_short:8.2f}"
        " x that of the 100-utterance calls (1.0 = linear)"
    )


if __name__ == "__main__":
    main()
