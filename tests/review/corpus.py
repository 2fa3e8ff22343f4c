"""Labelled calls for the checker, rendered the way Vosk writes Mandarin, clean or with
recognition noise. Shared by the accuracy tests and scripts/bench_check.py.

Vosk's small Mandarin model writes no punctuation, puts spaces between words and spells numbers
in characters. Noise imitates it on phone audio: mostly homophone substitutions (为肤误 for
为您服务), some near-homophones, dropped and inserted characters, and words split differently.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jieba
import yaml
from pypinyin import lazy_pinyin

from ivr.review.registry import rule_ids
from ivr.scripts import Agent, DepartmentScript, ScriptBook, load_script_book
from ivr.settings import DEFAULT_SCRIPTS
from ivr.transcript import Transcript, Utterance, Word

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "checker-examples"
SHARED_CALLS = SHARED / "calls.txt"
EXTRA_CALLS = HERE / "calls_extra.txt"
HELDOUT_CALLS = HERE / "heldout_calls.txt"
# Each part of the labelled calls: its files, with the departments their headers name. The
# held-out parts were written apart from the checker, frozen, and are reported on their own.
PARTS: dict[str, list[tuple[Path, Path | None]]] = {
    "shared": [(SHARED_CALLS, None), (SHARED / "calls_more.txt", None)],
    "extra": [(EXTRA_CALLS, HERE / "departments.yaml")],
    "dev": [(HERE / "calls_dev.txt", HERE / "departments_dev.yaml")],
    "fresh": [(HERE / "calls_fresh.txt", HERE / "departments_fresh.yaml")],
    "calibration": [(HERE / "calls_calibration.txt", HERE / "departments_calibration.yaml")],
    "heldout": [(HELDOUT_CALLS, HERE / "heldout_departments.yaml")],
    "heldout2": [(HERE / "heldout2_calls.txt", HERE / "heldout2_departments.yaml")],
}
DEV_PARTS = ("shared", "extra", "dev", "fresh", "calibration")
# Parts that give figures only: never their calls or misses, so nobody tunes on them.
HELDOUT_PARTS = ("heldout", "heldout2")
RULES: tuple[str, ...] = rule_ids()
_HEADER = re.compile(r"^#\s*(\w+)\s*\|(.*)$")
_PUNCT = re.compile(r"[^\w]+")
SPEAKERS = {"A": "agent", "C": "caller"}


@dataclass
class Call:
    id: str
    labels: dict[str, str]
    lines: list[tuple[str, str]] = field(default_factory=list)
    department: str | None = None
    departments: Path | None = None  # the yaml that `department` names an entry of


def parse_calls(path: Path, departments: Path | None = None) -> list[Call]:
    """Read a calls file: `# ID | rule=label ...` headers, then `A:`/`C:` lines."""
    calls: list[Call] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if m := _HEADER.match(line):
            pairs = dict(p.split("=", 1) for p in m.group(2).split())
            department = pairs.pop("department", None)
            calls.append(Call(m.group(1), pairs, department=department, departments=departments))
        elif calls and line[:2] in ("A:", "C:"):
            calls[-1].lines.append((SPEAKERS[line[0]], line[2:].strip()))
    return calls


@cache
def book() -> ScriptBook:
    return load_script_book(DEFAULT_SCRIPTS)


@cache
def extra_departments(path: Path = HERE / "departments.yaml") -> dict[str, DepartmentScript]:
    """The departments a calls file names: copies of the shipped appliance-service script with
    each one's name, agent number and promised follow-up time."""
    base = book().get("appliance-service")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        key: base.model_copy(
            update={
                "id": key,
                "name": d["name"],
                "agent": Agent(id=str(d.get("agent") or "")),
                "follow_up_time": d.get("follow_up_time") or "",
            }
        )
        for key, d in data.items()
    }


def department_for(call: Call) -> DepartmentScript:
    """The call's department: named in its header, else the shipped one its agent names."""
    if call.department:
        return extra_departments(call.departments or HERE / "departments.yaml")[call.department]
    opening = next((text for who, text in call.lines if who == "agent"), "")
    for script in book().all():
        if script.language == "zh-CN" and script.name[:4] in opening:
            return script
    return book().get(book().default)


def vosk_words(text: str) -> list[str]:
    """Words as Vosk writes them: no punctuation, segmented, numbers in characters."""
    return [w for w in jieba.lcut(_PUNCT.sub("", text)) if w.strip()]


def render(call: Call, noise: float = 0.0, seed: int = 0) -> Transcript:
    """The call as a two-channel Vosk transcript, 0.2 s a character, 0.5 s between turns."""
    rng = random.Random(f"{call.id}-{seed}")
    utterances, clock = [], 0.0
    for speaker, text in call.lines:
        words = vosk_words(text)
        if noise:
            words = corrupt(words, noise, rng)
        start, items = clock, []
        for word in words:
            items.append(
                Word(word=word, start=round(clock, 2), end=round(clock + 0.2 * len(word), 2))
            )
            clock += 0.2 * len(word)
        utterances.append(
            Utterance(speaker=speaker, start=round(start, 2), end=round(clock, 2),
                      text=" ".join(words), words=items)
        )  # fmt: skip
        clock += 0.5
    return Transcript(language="zh", duration=round(clock, 2), channels=2, utterances=utterances)


@cache
def _common_chars() -> tuple[dict[str, list[str]], list[str]]:
    """Common characters by toneless syllable, most frequent first (from jieba's dictionary)."""
    freq: dict[str, int] = {}
    dict_file = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_file.read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                freq[ch] = freq.get(ch, 0) + int(count)
    common = sorted(freq, key=freq.get, reverse=True)[:3500]  # type: ignore[arg-type]
    by_sound: dict[str, list[str]] = {}
    for ch in common:
        by_sound.setdefault(lazy_pinyin(ch)[0], []).append(ch)
    return by_sound, common


_NEAR = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("ing", "in"),
         ("eng", "en"), ("ang", "an")]  # fmt: skip


def _sound_alike(ch: str, rng: random.Random, near: bool) -> str:
    by_sound, common = _common_chars()
    syllable = lazy_pinyin(ch)[0]
    if near:
        swaps = [(a, b) for a, b in _NEAR + [(b, a) for a, b in _NEAR] if a in syllable]
        if swaps:
            a, b = rng.choice(swaps)
            syllable = syllable.replace(a, b, 1)
    options = [c for c in by_sound.get(syllable, [])[:12] if c != ch]
    return rng.choice(options) if options else rng.choice(common[:800])


def corrupt(words: list[str], rate: float, rng: random.Random) -> list[str]:
    """About `rate` of characters wrong: 65% homophones, 15% near-homophones, 10% dropped, 10%
    inserted; then the words are re-split where the recogniser would hear them differently."""
    _, common = _common_chars()
    out = []
    for ch in "".join(words):
        if rng.random() >= rate:
            out.append(ch)
            continue
        roll = rng.random()
        if roll < 0.65:
            out.append(_sound_alike(ch, rng, near=False))
        elif roll < 0.80:
            out.append(_sound_alike(ch, rng, near=True))
        elif roll < 0.90:
            continue
        else:
            out.extend([ch, rng.choice(common[:800])])
    resplit = []
    for word in jieba.lcut("".join(out)):
        if resplit and rng.random() < 0.1:
            resplit[-1] += word
        elif len(word) > 2 and rng.random() < 0.2:
            cut = rng.randrange(1, len(word))
            resplit.extend([word[:cut], word[cut:]])
        else:
            resplit.append(word)
    return resplit


def call(*lines: str, id: str = "t") -> Call:
    """A call from "A: ..." / "C: ..." lines, for tests that need one specific trap."""
    return Call(id, {}, [(SPEAKERS[line[0]], line[2:].strip()) for line in lines])


def load_part(part: str) -> list[Call]:
    """One part's calls; a file that is not there (the shared examples live beside the
    repository, not in a user's clone) adds none."""
    return [
        call
        for path, departments in PARTS[part]
        if path.is_file()
        for call in parse_calls(path, departments)
    ]


def load_calls(parts: tuple[str, ...] = DEV_PARTS) -> list[Call]:
    """The development calls: the shared examples when present, then ours."""
    return [call for part in parts for call in load_part(part)]
