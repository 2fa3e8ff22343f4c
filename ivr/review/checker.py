"""check_call: one transcript and one department script in, findings and a score out.

A pure function: no Flask, no database, no files (the rule packs are package data, read once).
Each rule kind is one small evaluator over the call's turns; the rule itself is data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache, partial

import cn2an
from num2words import num2words
from rapidfuzz import fuzz

from ivr.checker_overrides import RuleId
from ivr.review import second_opinion
from ivr.review.call_view import (
    CallView,
    Outcome,
    absent,
    compiled_phrases,
    low_confidence,
    window,
)
from ivr.review.findings import Evidence, Finding, Review, Searched
from ivr.review.matchers import EXACT, HOMOPHONE, Hit, Phrases, Turn, build_turns
from ivr.review.metrics import measure
from ivr.review.normalize import char_key, normalize
from ivr.review.rules import CheckerRules, ReadOut, Rule, apply_overrides, load_pack
from ivr.review.structure import STRUCTURE_EVALUATORS, Cues
from ivr.review.words import near
from ivr.scripts import DepartmentScript
from ivr.transcript import Transcript


def brand(name: str, suffixes: list[str]) -> str:
    """A department's name without generic endings: what agents actually say of it."""
    stripped = True
    while stripped:
        stripped = False
        for suffix in sorted(suffixes, key=len, reverse=True):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                name, stripped = name[: -len(suffix)], True
    return name


def _evidence(hit: Hit) -> Evidence:
    start, end = hit.turn.span_time(hit.start, hit.end)
    return Evidence(
        speaker=hit.turn.speaker,
        start=round(start, 2),
        end=round(end, 2),
        text=hit.turn.text,
        match=hit.match,
        phrase=hit.phrase,
        confidence=round(min(hit.score, hit.asr_confidence), 2),
    )


def _searched(turns: list[Turn]) -> Searched | None:
    if not turns:
        return None
    return Searched(
        speaker=turns[0].speaker, start=turns[0].start, end=turns[-1].end, turns=len(turns)
    )


def must_say(ctx: CallView, rule: Rule) -> Outcome:
    turns = window(ctx, rule)
    if not turns:
        return Outcome("na")
    out = Outcome("pass", searched=turns)
    weak = False
    for group, phrases in rule.say.items():
        hit = _best_said(ctx, rule, phrases, turns)
        if not ctx.strong(hit) and group in rule.anchored:
            where = rule.anchored[group]
            edge = ctx.phrases(phrases).anchored(turns[0 if where == "start" else -1], where)
            if edge and edge.score >= ctx.pack.thresholds.anchored:  # its place vouches for it
                hit = replace(edge, score=max(edge.score, ctx.pack.thresholds.match))
        if ctx.strong(hit):
            out.evidence.append(hit)  # type: ignore[arg-type]
            continue
        weak = weak or hit is not None
        out.missing.append(group)
        out.look_nearest.append(partial(_nearest, hit, ctx.phrases(phrases), turns))
    if rule.agent_ends_call:
        last = next(
            (t for t in reversed(ctx.turns)
             if not _filler(ctx, t) and not _only(ctx, t, rule.caller_farewell)),
            None,
        )  # fmt: skip
        if last is not None and last.speaker != "agent":
            out.missing.append("ends_call")
            out.evidence.append(Hit(last, 0, len(last.norm.chars), "", 1.0))
    if out.missing:
        out.status = "fail" if "ends_call" in out.missing else absent(ctx, turns, weak)
    return out


def _best_said(ctx: CallView, rule: Rule, phrases: list[str], turns: list[Turn]) -> Hit | None:
    """The strongest hit of a `say` group; an `opening_only` phrase counts in the window's first
    turn only (a bare "morning" greets there, and is a time later: a wasted morning)."""
    late = set(rule.opening_only)
    if not late & set(phrases):
        return ctx.phrases(phrases).best(turns)
    hits = (
        h for turn in turns for h in ctx.phrases(phrases).hits(turn)
        if turn is turns[0] or h.phrase not in late
    )  # fmt: skip
    return max(hits, key=lambda h: h.score, default=None)


def _nearest(hit: Hit | None, phrases: Phrases, turns: list[Turn]) -> Hit | None:
    """What a reviewer should hear where a phrase was missed: the weak hit, else the closest
    thing to any of the phrases."""
    return hit or phrases.nearest(turns)


def _filler(ctx: CallView, turn: Turn) -> bool:
    return any(n.chars == turn.norm.chars for _, n in ctx.fillers.items)


def _only(ctx: CallView, turn: Turn, phrases: list[str]) -> bool:
    """The turn says these phrases (and fillers) and nothing else."""
    return turn.speaker == "caller" and _rest(ctx, turn.norm.chars, phrases) == ""


def _rest(ctx: CallView, chars: str, phrases: list[str]) -> str | None:
    """What normalised text says besides these phrases and fillers; None when it says none."""
    if not phrases:
        return None
    said = {n.chars for _, n in [*ctx.phrases(phrases).items, *ctx.fillers.items]}
    alternatives = "|".join(re.escape(p) for p in sorted(said, key=len, reverse=True))
    if ctx.lang != "zh":  # whole words
        alternatives = rf"(?<!\w)(?:{alternatives})(?!\w)"
    rest = re.sub(alternatives, "", chars)
    return None if rest == chars else rest.strip()


def _excuses(ctx: CallView, hit: Hit, unless: list[str], margin: int) -> list[Hit]:
    """The `unless` phrases covering the hit, however weakly heard."""
    found = ctx.phrases(unless).hits(hit.turn) if unless else []
    return [u for u in found if hit.overlaps(u, margin)]


def _covered(ctx: CallView, hit: Hit, unless: list[str], margin: int) -> bool:
    """An `unless` phrase explains the hit when it covers it and matches about as well: a
    misheard polite 不知道您 still excuses, a clear 不知道你 is not excused by sounding close."""
    t = ctx.pack.thresholds
    return any(
        u.score >= max(hit.score - t.unless_slack, t.weak)
        for u in _excuses(ctx, hit, unless, margin)
    )


def must_not_say(ctx: CallView, rule: Rule) -> Outcome:
    turns = window(ctx, rule)
    if not turns:
        return Outcome("na")
    out = Outcome("pass", searched=turns)
    weak: list[Hit] = []
    # Chinese: a phrase or an excuse with a character misheard is told apart by its characters.
    by_chars = ctx.lang == "zh"
    for turn in turns:
        # The phrases first: most turns have none, and then their context needs no search.
        # Once a phrase said in its own characters decided the rule, a weaker hit could only
        # have made it uncertain: only what scores as said is looked for (fuzzily too, as a
        # span whose every syllable was heard scores so). Before that, Mandarin with a context
        # list looks down to `weak`: a word with a character lost beside a clear request.
        if out.evidence:
            floor = EXACT
        elif by_chars and rule.context:
            floor = ctx.pack.thresholds.weak
        else:
            floor = ctx.floor(rule.match)
        hits = ctx.phrases(rule.not_say).hits(turn, floor)
        if not hits:
            continue
        context = ctx.phrases(rule.context).best([turn], ctx.floor()) if rule.context else None
        if rule.context and not ctx.strong(context):
            continue
        # A context only sounding like one (念给您 for 念给我) makes no mention a sure request.
        sure = not rule.context or ctx.strong(context, HOMOPHONE)
        for hit in hits:
            if hit.score < ctx.floor(rule.match) and not _half_heard(hit, ctx.lang):
                continue
            excuses = _excuses(ctx, hit, rule.unless, rule.unless_margin)
            covered = _covered(ctx, hit, rule.unless, rule.unless_margin)
            if covered and (not by_chars or any(u.score >= HOMOPHONE for u in excuses)):
                continue
            # An excuse heard only fuzzily makes the hit doubtful, not cleared: one half heard
            # beside it (后么四位 for 后四位); not one heard only in the hit's own characters
            # (的身份证 for 带身份证).
            if covered or (by_chars and any(_beside(u, hit, ctx.lang) for u in excuses)):
                weak.append(hit)
                continue
            if ctx.strong(hit, rule.match) and hit.score >= EXACT and sure:
                out.evidence.append(hit)
            else:
                weak.append(hit)  # heard only by sound, or the recogniser was unsure: uncertain
    if rule.read_out:
        read, heard = _read_out(ctx, rule.read_out, turns)
        out.evidence += read
        weak += heard
    out.evidence += _told_about_another(ctx, rule) + _details_read(ctx, rule, turns)
    if out.evidence:
        out.status = "fail"
    elif weak:
        out.status, out.evidence = "uncertain", weak
    return out


def _told_about_another(ctx: CallView, rule: Rule) -> list[Hit]:
    """Someone else's details given to a caller asking about them (my neighbour was taken in
    this morning ... she's on Ward 7, she was admitted with chest pains) with no check that the
    caller may have them: the first such words of the agent after the caller named the other
    person, not a number the caller gave said back (`_caller_said`), or a yes or no to the
    caller's guess about them if that comes first (`_guess_answered`). A check counts only
    before those words: one after them takes nothing back. A pack without `about_another` cues
    checks for none."""
    if "about_another" not in rule.cues:
        return []
    cues = Cues(ctx, rule)
    asked = next((t for t in ctx.by("caller") if cues("about_another").search(t.norm.chars)), None)
    if asked is None:
        return []
    agents = [t for t in ctx.by("agent") if t.index > asked.index]
    said = [t for t in agents if not cues("restate").search(t.norm.chars)]
    told = next((h for h in cues.hits("told", said) if not _caller_said(ctx, h)), None)
    guess = _guess_answered(ctx, cues, asked, said)
    if guess is not None and (told is None or guess.turn.index < told.turn.index):
        told = guess
    if told is None:
        return []
    before = [t for t in agents if t.index <= told.turn.index]
    return [] if any(cues("checked").search(t.norm.chars) for t in before) else [told]


def _guess_answered(ctx: CallView, cues: Cues, asked: Turn, said: list[Turn]) -> Hit | None:
    """A caller's guess about the other person (he's on Ward 7, isn't he?; her balance is about
    two hundred, right?; did he pay the deposit already?) answered yes or no in one of the
    agent's next three turns (yep, £1,150 came in from him; no, he's on the 9:15): confirming
    or correcting a guess tells as much as saying it. The answer's opening words are the
    evidence. A pack without `guess` cues hears none."""
    if "guess" not in cues.rule.cues:
        return None
    for caller in ctx.by("caller"):
        if caller.index >= asked.index and cues("guess").search(caller.norm.chars):
            answers = [t for t in said if t.index > caller.index][:3]
            if hit := cues.first("answer", answers):
                return hit
    return None


def _caller_said(ctx: CallView, hit: Hit) -> bool:
    """A number the caller gave said back with the words around it (your mum's room fourteen,
    311 Mapleview Drive): nothing told. Only a number: the words of a question (what her balance
    is) come back in the answer that tells it."""
    units = hit.match.split() if ctx.pack.counts_words else list(hit.match)
    if not set(ctx.pack.classes.get("num", ())).intersection(units):
        return False
    return any(hit.match in t.norm.chars for t in ctx.by("caller") if t.index < hit.turn.index)


def _details_read(ctx: CallView, rule: Rule, turns: list[Turn]) -> list[Hit]:
    """Bank details or an ID number read out under their name (sort code twenty forty five
    seventy seven, account number three one nine two six six four zero, licence d seven seven
    eight ...): shorter than a phone number, so `read_out`'s count of digits does not hear them.
    A breach whoever gave the number first, unlike a reference said back. A pack without
    `details` cues reads none."""
    if "details" not in rule.cues:
        return []
    hit = Cues(ctx, rule).first("details", turns)
    return [hit] if hit else []


def _beside(excuse: Hit, hit: Hit, lang: str) -> bool:
    """The excuse was heard in characters of its own outside the hit: two at least (one of a
    two-character excuse)."""
    outside = excuse.turn.norm.chars[excuse.start : max(excuse.start, hit.start)]
    outside += excuse.turn.norm.chars[max(excuse.start, hit.end) : excuse.end]
    own = set(normalize(excuse.phrase, lang).chars)
    return len(set(outside) & own) >= min(2, len(own) - 1)


def _half_heard(hit: Hit, lang: str) -> bool:
    """A weak match worth a listen beside a clear request: a phrase with a character misheard or
    lost (各份证号, 身证号 for 身份证号), keeping most of its own characters; not a shorter word
    said plainly (银行卡 for 银行卡号) nor a sound-alike sharing a character (映信号)."""
    phrase = normalize(hit.phrase, lang).chars
    return hit.match not in phrase and 2 * len(set(hit.match) & set(phrase)) >= len(phrase)


# How alike an agent's number and a reference the caller gave must be for it to be that one,
# said back: the recogniser may have misheard a digit or two of either.
_SAME_NUMBER = 80


@lru_cache(maxsize=16)
def _number(digits: tuple[str, ...], at_least: int, lang: str) -> re.Pattern[str]:
    """A run of at least `at_least` digits, as normalised text spells them (compiled once per
    pack, not per call)."""
    digit = "|".join(re.escape(normalize(d, lang).chars) for d in digits)
    digit = f"(?:{digit})" if lang == "zh" else rf"\b(?:{digit})\b ?"  # words apart
    return re.compile(rf"(?:{digit}){{{at_least},}}")


# A digit heard as a character of its sound (救 for 九, 司 for 四) in a number read out: at most
# this many, or the run is some other speech that happens to sound like digits.
_MISHEARD_DIGITS = 3


class _Marks(dict[int, str]):
    """A str.translate table marking each character d (a digit), s (sounding like a digit:
    a character's keys follow from it alone) or x, filled as characters are first seen."""

    def __init__(self, digits: tuple[str, ...]) -> None:
        super().__init__()
        self._spelled = set(digits)
        self._keys = frozenset(
            normalize(d, "zh").keys for d in digits if len(normalize(d, "zh").chars) == 1
        )

    def __missing__(self, code: int) -> str:
        char = chr(code)  # a normalised character: its keys in a turn are its char_key
        mark = "d" if char in self._spelled else "s" if char_key(char) in self._keys else "x"
        self[code] = mark
        return mark


@lru_cache(maxsize=16)
def _marks(digits: tuple[str, ...]) -> _Marks:
    return _Marks(digits)


def _heard_number(turn: Turn, digits: tuple[str, ...], at_least: int) -> list[Hit]:
    """Runs of at least `at_least` characters, each a digit or one sounding like a digit, with
    a few of the second kind (Chinese only: one character, one syllable). A digit run in its own
    characters is `_number`'s."""
    marks = turn.norm.chars.translate(_marks(digits))  # one pass in C, not one per character
    return [
        Hit(turn, m.start(), m.end(), m.group(), HOMOPHONE)
        for m in re.finditer(rf"d[ds]{{{at_least - 2},}}d", marks)  # digits at both ends
        if 0 < m.group().count("s") <= _MISHEARD_DIGITS
    ]


def _read_out(ctx: CallView, read_out: ReadOut, turns: list[Turn]) -> tuple[list[Hit], list[Hit]]:
    """Numbers the agent reads out in full: a phone, a card or an ID number, a third party's or
    the caller's own said back, not a reference said back to check it (`_reference_said_back`).
    Those heard in digits, then those heard only with a digit or a few sounding like one."""
    digits = tuple(read_out.digits)
    run = _number(digits, read_out.at_least, ctx.lang)
    searched = {t.index for t in turns}
    references: list[str] = []  # the references callers gave so far, as sound keys
    asked = ""  # the agent's words before the caller's turn
    hits: list[Hit] = []
    heard: list[Hit] = []
    for turn in ctx.turns:
        numbers = [
            Hit(turn, m.start(), m.end(), m.group(), EXACT) for m in run.finditer(turn.norm.chars)
        ]
        alike = _heard_number(turn, digits, read_out.at_least) if ctx.lang == "zh" else []
        if turn.speaker == "caller":
            references += [
                _keys_of(n) for n in numbers + alike if _a_reference(n, asked, read_out.references)
            ]
        else:
            asked = turn.norm.chars
            if turn.index in searched:
                hits += [n for n in numbers if _disclosed(ctx, n, references, read_out)]
                heard += [n for n in alike if _disclosed(ctx, n, references, read_out)]
    return hits, heard


# How close before a number the caller names it a reference (the tracking number's SWL 4471),
# in characters: not an order number the caller has not got (..., but it was on my Visa 4532 ...).
_NAMED_WITHIN = 24


def _a_reference(number: Hit, asked: str, kinds: list[str]) -> bool:
    """A number the caller gave as a reference, one of `kinds` (order number, tracking): the
    agent had just asked for one, or the caller named it so just before it."""
    before = number.turn.norm.chars[max(0, number.start - _NAMED_WITHIN) : number.start]
    return any(k in asked or k in before for k in kinds)


def _disclosed(ctx: CallView, number: Hit, references: list[str], read_out: ReadOut) -> bool:
    """Someone's number read out: neither a reference said back nor a public line."""
    return not _reference_said_back(number, references) and not _public(ctx, number, read_out)


def _reference_said_back(number: Hit, references: list[str]) -> bool:
    """A reference the caller gave, said back to check it (by sound: either side may have a
    digit misheard). A phone, card or ID number said back in full is read out all the same:
    writers label it a breach, as the brief's "reads out a full card, ID or phone number" says."""
    keys = _keys_of(number)
    return any(fuzz.partial_ratio(keys, said) >= _SAME_NUMBER for said in references)


def _public(ctx: CallView, number: Hit, read_out: ReadOut) -> bool:
    """An organisation's line given to call: a `public` cue just before the number, no
    `personal` one around it."""
    if not read_out.public:
        return False
    near = [c for c in ctx.phrases(read_out.public).said(number.turn) if c.end <= number.start]
    if not any(number.start - c.end <= read_out.margin for c in near):
        return False
    personal = ctx.phrases(read_out.personal).said(number.turn) if read_out.personal else []
    return not any(number.overlaps(c, read_out.personal_margin) for c in personal)


def _keys_of(hit: Hit) -> str:
    return hit.turn.norm.keys[2 * hit.start : 2 * hit.end]


def _triggers(ctx: CallView, rule: Rule) -> list[Hit]:
    hits = []
    skip = ctx.phrases(rule.trigger_skip_turns)
    for turn in ctx.by(rule.trigger_speaker):
        if skip and ctx.strong(skip.best([turn], ctx.floor())):
            continue
        for hit in ctx.phrases(rule.trigger).hits(turn, ctx.floor(rule.match)):
            if ctx.strong(hit, rule.match) and not _covered(ctx, hit, rule.trigger_unless, 0):
                hits.append(hit)
                break
    return hits + _unannounced(ctx, rule, {h.turn.index for h in hits})


# What a caller checking the line may say besides the words that check it: a name or a hello
# (喂 姑娘 你 还在吗, hello sir are you still there), in Chinese characters or in words.
_ASIDE_CHARS = 4
_ASIDE_WORDS = 2


def _unannounced(ctx: CallView, rule: Rule, announced: set[int]) -> list[Hit]:
    """Callers checking the line (喂，还在吗) right after an agent turn that announced no wait:
    the agent went quiet without asking, so the caller's words stand for the missing trigger.
    Only exact words count: a misheard 还在吗 is no evidence against the agent."""
    if not rule.waiting_caller:
        return []
    hits = []
    waiting, bad_line = ctx.phrases(rule.waiting_caller), ctx.phrases(rule.bad_line)
    for turn in ctx.by("caller")[1:]:  # the caller's first words answer the greeting
        before = ctx.turns[turn.index - 1]
        if before.speaker != "agent" or before.index in announced:
            continue
        said = waiting.said(turn)
        if not (said and ctx.strong(said[0])):
            continue
        # The line breaking up, said by the agent before the caller's hello or in answer to it.
        after = ctx.after("agent", turn.index, 1)
        if any(bad_line.said(t) for t in [before, *after]):
            continue
        if any(_checks_line(ctx, u.text, rule) for u in turn.run):
            hits.append(said[0])
    return hits


def _checks_line(ctx: CallView, text: str, rule: Rule) -> bool:
    rest = _rest(ctx, normalize(text, ctx.lang).chars, rule.waiting_caller)
    if rest is None:
        return False
    return len(rest) <= _ASIDE_CHARS if ctx.lang == "zh" else len(rest.split()) <= _ASIDE_WORDS


def trigger_response(ctx: CallView, rule: Rule) -> Outcome:
    triggers = _triggers(ctx, rule)
    if not triggers:
        return Outcome("na")
    results = [_respond(ctx, rule, t) for t in triggers]
    if not rule.each_trigger:  # one answered trigger is enough: the best outcome stands
        return min(results, key=_badness)
    worst = max(results, key=_badness)
    if worst.status == "pass":
        worst.evidence = [h for o in results for h in o.evidence]
    return worst


def _badness(out: Outcome) -> int:
    return ("pass", "uncertain", "fail").index(out.status)


def _respond(ctx: CallView, rule: Rule, trigger: Hit) -> Outcome:
    out = Outcome("pass", evidence=[trigger], details={"trigger": trigger.match})
    weak = False
    for name, spec in rule.respond.items():
        later = ctx.after(spec.speaker, trigger.turn.index, spec.turns)
        same = [trigger.turn] if spec.same_turn and trigger.turn.speaker == spec.speaker else []
        turns = same + later
        hits = [ctx.phrases(spec.phrases).best(turns), ctx.patterns(spec.patterns).best(turns)]
        if spec.later_utterances and trigger.turn.speaker == spec.speaker:
            hits.append(_later_in_turn(ctx, spec.phrases, trigger))
        hit = max((h for h in hits if h), key=lambda h: h.score, default=None)
        if ctx.strong(hit):
            out.evidence.append(hit)  # type: ignore[arg-type]
            continue
        vague = ctx.phrases(rule.vague).best(turns, ctx.floor()) if rule.vague else None
        if ctx.strong(vague):  # said, and said vaguely: no doubt left
            out.evidence.append(vague)  # type: ignore[arg-type]
            out.details["vague"] = vague.match  # type: ignore[union-attr]
        else:
            weak = weak or hit is not None
        out.missing.append(name)
        out.searched = out.searched or turns
        out.look_nearest.append(partial(_nearest, hit, ctx.phrases(spec.phrases), turns))
    if out.missing:
        out.status = absent(ctx, out.searched, weak) if out.searched else "fail"
    return out


def _later_in_turn(ctx: CallView, phrases: list[str], trigger: Hit) -> Hit | None:
    """The best phrase in the trigger's own turn said in an utterance after the trigger's."""
    turn = trigger.turn
    said = turn.span_time(trigger.start, trigger.end)[1]
    back = next((u.end for u in turn.run if u.end >= said), None)
    hits = [
        h for h in ctx.phrases(phrases).hits(turn)
        if back is not None and turn.span_time(h.start, h.end)[0] > back
    ]  # fmt: skip
    return max(hits, key=lambda h: h.score, default=None)


_STRIP = re.compile(r"[零一二两三四五六七八九十百千万0-9]")


def _content(turn: Turn, drop: list[Hit], stop: set[str], lang: str) -> set[str]:
    """What a turn is about: its characters (Chinese, by sound) or words, without stop words,
    numbers or the `drop` spans (the confirmation question, order numbers, names)."""
    keep = [True] * len(turn.norm.chars)
    for hit in drop:
        for i in range(hit.start, hit.end):
            keep[i] = False
    chars = turn.norm.chars
    if lang == "zh":
        return {
            turn.norm.keys[2 * i : 2 * i + 2]
            for i, ch in enumerate(chars)
            if keep[i] and ch not in stop and not _STRIP.match(ch)
        }
    words, at = set(), 0
    for word in chars.split(" "):
        if all(keep[at : at + len(word)]) and word not in stop and not word.isdigit():
            words.add(word.removesuffix("s"))
        at += len(word) + 1
    return words


def _overlap(content: set[str], said: set[str], lang: str) -> int:
    """How many of a turn's content units the caller said: the same sounds (Chinese), or words
    a recogniser may have made of the caller's (English: booked, balked)."""
    if lang == "zh":
        return len(content & said)
    return sum(any(near(w, c) for c in said) for w in content)


def _confirms_detail(
    ctx: CallView, rule: Rule, question: Hit, not_about: Phrases, said: set[str]
) -> bool:
    """The question checks a detail read back just before it or named just after it (your PIN
    is 4 8 2 9, right? / let me confirm your email), and its own clause restates nothing the
    caller said: it confirms no need."""
    if not rule.detail_window:
        return False
    turn = question.turn
    width = rule.detail_window
    lo, hi = Cues(ctx, rule).reach(turn.norm.chars, question.start, question.end, width, width // 2)
    near = turn.norm.chars[lo : question.start] + " " + turn.norm.chars[question.end : hi]
    numbers = _numbers(ctx, near)
    details = [h for h in not_about.hits(turn) if ctx.strong(h, EXACT)]
    if numbers < 2 and not any(lo <= h.start and h.end <= hi for h in details):
        return False
    outside = [Hit(turn, 0, lo, "", 1.0), Hit(turn, hi, len(turn.norm.chars), "", 1.0)]
    # Numbers read back are the detail: the clause restates the need when it shares words
    # besides them (size nine for a size ten, not k r t two two three).
    spelled = _spelled_numbers(ctx)
    clause = _content(turn, [question, *details, *outside], set(rule.stop), ctx.lang)
    if _overlap(clause, said, ctx.lang) >= rule.min_overlap and _overlap(
        clause - spelled, said, ctx.lang
    ):
        return False
    # A wish of the caller's just before the question (so the parcel went to flat 12, and you'd
    # like the address corrected, right?): the detail is what the need is about. Not where a
    # number is read back between them (so you want your results. i have your number as 0 7 8
    # 0 5, is that correct?): the question checks that.
    wish = _wish(ctx, rule, turn, question.start)
    between = turn.norm.chars[wish.end : question.start].split() if wish else []
    if wish and len(between) <= 2 * width and _numbers(ctx, " ".join(between)) < 2:
        return False
    # A turn opening a restatement asks about all of it (so you'd like to move the delivery to
    # the weekend, and you don't have the order number, is that right?).
    opener = ctx.phrases(rule.say.get("restate", [])).best([turn], EXACT)
    if opener is None or opener.score < EXACT or opener.end > question.start:
        return True
    whole = _content(turn, [question, *details], set(rule.stop) | spelled, ctx.lang)
    return _overlap(whole, said, ctx.lang) <= rule.min_overlap


def _numbers(ctx: CallView, text: str) -> int:
    """How many numerals or number words the text holds: a number read back."""
    if ctx.lang == "zh":
        return len(_STRIP.findall(text))
    words = _spelled_numbers(ctx)
    return sum(w in words or w.isdigit() for w in text.split())


def restate_confirm(ctx: CallView, rule: Rule) -> Outcome:
    agent = ctx.by("agent")
    callers = [t for t in ctx.by("caller") if not _filler(ctx, t)]
    if not callers:
        return Outcome("na")
    stop = set(rule.stop)
    confirm = ctx.phrases(rule.say["confirm"])
    not_about = ctx.phrases(rule.not_about)
    restate = ctx.phrases(rule.say.get("restate", []))
    searched = [t for t in agent if t.index > callers[0].index]
    out = Outcome("fail", searched=searched)
    said: set[str] = set()  # what the caller said before the turn at hand, grown in one pass
    told = iter(callers)
    caller = next(told, None)
    asks = ctx.phrases(rule.say.get("ask_detail", []))
    asked_detail: set[int] = {  # turns that ask for a detail: what answers them is no need
        t.index for t in agent[1:] if asks and ctx.strong(asks.best([t], EXACT), EXACT)
    }
    for turn in searched:
        while caller is not None and caller.index < turn.index:
            if caller.index - 1 not in asked_detail:
                said |= _content(caller, [], stop, ctx.lang)
            caller = next(told, None)
        found = [h for h in confirm.hits(turn, ctx.floor()) if ctx.strong(h)]
        hits = _checks(ctx, rule, found, not_about, said)
        # Where every question word answers rather than asks (to the correct address), a tag
        # closing the restatement still asks (..., yes?).
        if not hits:
            found += (tagged := _tagged(ctx, rule, turn, restate))
            hits = _checks(ctx, rule, tagged, not_about, said)
        if found and not hits:
            continue
        early = turn in searched[: rule.answered_within]
        if not hits and early and (opened := _asked_by_answer(ctx, rule, turn, restate, said)):
            return Outcome("pass", evidence=[opened], searched=searched)
        if not hits:
            # A restatement whose closing question was misheard (兑马 for 对吗): only its sound
            # says it was asked, so a person should listen rather than read a fail.
            # So does a turn sharing twice the words a restatement needs with the caller's,
            # whose opener was misheard too (so yore connection ... direct).
            asked = confirm.anchored(turn, "end")
            opened = restate and ctx.strong(restate.best([turn], HOMOPHONE), HOMOPHONE)
            if asked and not out.nearest:
                shared = _content(turn, [asked, *not_about.hits(turn)], stop, ctx.lang)
                overlap = _overlap(shared, said, ctx.lang)
                echoed = opened or 0 < rule.echo_overlap <= overlap
                least = ctx.pack.thresholds.anchored if echoed else rule.heard_question
                if asked.score >= least and overlap >= rule.min_overlap:
                    out.nearest, out.status = asked, "uncertain"
            continue
        hit = max(hits, key=lambda h: h.score)
        drop = hits + not_about.hits(turn)
        content = _content(turn, drop, stop, ctx.lang)
        # A turn that is only the question (… / mm / is that right?) asks about the agent's
        # turn before it.
        if not content and (before := [t for t in agent if t.index < turn.index]):
            content = _content(before[-1], not_about.hits(before[-1]), stop, ctx.lang)
        shared = _overlap(content, said, ctx.lang)
        if shared < rule.min_overlap and not _affirmed(ctx, rule, hit, restate):
            out.nearest = out.nearest or hit
            # A restatement heard opening and closing (您是想…对吗) whose words only partly
            # match the caller's: either side may be misheard, so a person should listen.
            opened = restate and ctx.strong(restate.best([turn], HOMOPHONE), HOMOPHONE)
            denied = _answered(ctx, rule, turn, "deny")
            if opened and 2 * shared >= rule.min_overlap and not denied:
                out.nearest, out.status = hit, "uncertain"
            continue
        return Outcome("pass", evidence=[hit], searched=searched)
    # Withdrawn while stating the need (oh, found it, never mind): later, after the agent's
    # answers, "never mind then" gives up on a need that was there.
    early = callers[: rule.withdrawn_within or len(callers)]
    withdrawn = ctx.phrases(rule.withdrawn).best(early, EXACT) if rule.withdrawn else None
    if withdrawn and withdrawn.score >= EXACT:
        return Outcome("na", evidence=[withdrawn])
    if elsewhere := _wrong_place(ctx, rule, early):
        return Outcome("na", evidence=[elsewhere])
    out.missing = ["confirm"]
    if out.status == "uncertain" or low_confidence(ctx, searched):
        out.status = "uncertain"
    return out


def _wrong_place(ctx: CallView, rule: Rule, early: list[Turn]) -> Hit | None:
    """The caller asked whether they reached some place (is this Golden Dragon?) and the
    agent's reply opens by saying no (nah, this is DashBite): a call to the wrong place holds
    no need to confirm."""
    asks, says = (
        ctx.phrases(rule.say.get("ask_place", [])),
        ctx.phrases(rule.say.get("not_here", [])),
    )
    if not asks or not says:
        return None
    for caller in early:
        reply = ctx.after("agent", caller.index, 1)
        said = says.said(reply[0]) if asks.said(caller) and reply else []
        if any(_units(ctx, h.turn, h.start) <= _OPENER_AT for h in said):
            return said[0]
    return None


def _spelled_numbers(ctx: CallView) -> set[str]:
    """Number words, where content is words (numerals in characters are never content: see
    `_content`)."""
    if not ctx.pack.counts_words:
        return set()
    return {*ctx.pack.classes.get("num", []), *ctx.pack.classes.get("digit", [])}


def _checks(
    ctx: CallView, rule: Rule, found: list[Hit], not_about: Phrases, said: set[str]
) -> list[Hit]:
    """The questions that ask the caller to check something other than a detail: not covered
    by an `unless` phrase (you're right, the correct address) nor about a detail read back."""
    return [
        h for h in found
        if not _covered(ctx, h, rule.unless, rule.unless_margin)
        and not _confirms_detail(ctx, rule, h, not_about, said)
    ]  # fmt: skip


def _tagged(ctx: CallView, rule: Rule, turn: Turn, restate: Phrases) -> list[Hit]:
    """A restatement that ends on a tag (so your parcel came crushed, yeah?): with punctuation
    lost, a `tag` word closing a turn that opened a restatement asks the caller to check it."""
    tags = ctx.phrases(rule.say.get("tag", []))
    if not tags or not restate:
        return []
    tag = tags.anchored(turn, "end")
    if tag is None or tag.score < EXACT:
        return []
    opened = restate.said(turn)
    # A wish of the caller's opens one too (you need your sort code for your employer, yes?).
    if (not opened or opened[0].end > tag.start) and not _wish(ctx, rule, turn, tag.start):
        return []
    return [tag]


def _affirmed(ctx: CallView, rule: Rule, question: Hit, restate: Phrases) -> bool:
    """A restatement in the agent's own words (您是说家里因为欠费被停水了，对吗 for 我就晚交了几天
    家里就没水了) shares few of the caller's characters: it counts when it opens as one, or says
    what the caller wants before the question (sorry to hear that. so another driver hit your
    car and you'd like to claim, is that right?), and the caller's next turn says yes."""
    turn = question.turn
    if not _opener(ctx, turn, restate) and not _wish(ctx, rule, turn, question.start):
        return False
    return _answered(ctx, rule, turn, "affirm")


def _opener(ctx: CallView, turn: Turn, restate: Phrases) -> Hit | None:
    """The restatement opener (您是说, so you're saying) the turn starts with, if any."""
    opened = restate.said(turn)
    return opened[0] if opened and _units(ctx, turn, opened[0].start) <= _OPENER_AT else None


def _asked_by_answer(
    ctx: CallView, rule: Rule, turn: Turn, restate: Phrases, said: set[str]
) -> Hit | None:
    """A restatement with no question word (so you're saying the bins weren't collected): its
    question mark is lost in recognition, and the caller's yes shows it was asked. Asked only
    of the agent's first turns after the need, where a restatement checks it before any answer
    (so your refund went out today / yes, thanks is an answer heard)."""
    opener = _opener(ctx, turn, restate) or _wish(ctx, rule, turn, len(turn.norm.chars))
    if opener is None:
        return None
    drop = [opener, *ctx.phrases(rule.not_about).hits(turn)]
    shared = _overlap(_content(turn, drop, set(rule.stop), ctx.lang), said, ctx.lang)
    if shared < rule.min_overlap or not _answered(ctx, rule, turn, "affirm"):
        return None
    return opener


def _wish(ctx: CallView, rule: Rule, turn: Turn, before: int) -> Hit | None:
    """A clause before `before` with the caller as the subject of a wish (you'd like it
    re-sent, you want it checked), not asking or offering it (would you like, do you need) nor
    telling the caller what to do (you need to bring your ID)."""
    wants = ctx.phrases(rule.say.get("want", []))
    if not wants:
        return None
    others = ctx.phrases(rule.say.get("not_want", [])).said(turn)
    return next(
        (
            h for h in wants.said(turn)
            if h.end <= before and not any(o.start < h.end and h.start < o.end for o in others)
        ),
        None,
    )  # fmt: skip


def _answered(ctx: CallView, rule: Rule, turn: Turn, group: str) -> bool:
    """The caller's next turn opens with one of the `say` group's words, in their own
    characters (对 / 不是), before any word of the other group: 不是，我就是问 says no."""
    answer = _reply(ctx, rule, turn)
    if answer is None:
        return False
    end = len(answer.norm.chars)
    opens = {
        name: min((h.start for h in ctx.phrases(words).said(answer)), default=end)
        for name, words in rule.say.items()
        if name in _ANSWERS and words
    }
    first = min(opens.values(), default=end)
    return _units(ctx, answer, first) <= _OPENER_AT and opens.get(group) == first


def _reply(ctx: CallView, rule: Rule, turn: Turn) -> Turn | None:
    """The caller's next turn that is not a filler, or that answers (a bare "yeah" is a filler
    elsewhere, and a yes here)."""
    answers = [ctx.phrases(rule.say[name]) for name in _ANSWERS if rule.say.get(name)]
    later = ctx.after("caller", turn.index, len(ctx.turns))
    return next((t for t in later if not _filler(ctx, t) or any(a.said(t) for a in answers)), None)


def _units(ctx: CallView, turn: Turn, at: int) -> int:
    """Where a position is, in the pack's context unit: characters, or words before it."""
    chars = turn.norm.chars
    if at >= len(chars):
        return len(chars)
    return chars[:at].count(" ") if ctx.pack.counts_words else at


# Characters or words a restatement's opener or the caller's yes may follow (没关系, 嗯; well,
# right so).
_OPENER_AT = 4
_ANSWERS = ("affirm", "deny")  # the `say` groups a caller's answer to a restatement opens with


def _not_applicable(ctx: CallView, rule: Rule) -> Outcome | None:
    """`na` when the agent says the call is not what the rule is about (a wrong number). A
    phrase of three characters counts in its own characters only: 发错了 sounds like 打错了."""
    if not rule.na_if:
        return None
    phrases = ctx.phrases(rule.na_if)
    hits = (
        h
        for turn in ctx.by("agent")
        for h in phrases.hits(turn, ctx.floor())
        if ctx.strong(h) and (h.score >= EXACT or len(h.phrase) > _SHORT)
    )
    hit = next(hits, None)
    return Outcome("na", evidence=[hit]) if hit else None


_SHORT = 3  # characters: a phrase this short is heard in its own characters only


EVALUATORS: dict[str, Callable[[CallView, Rule], Outcome]] = {
    "must_say": must_say,
    "must_not_say": must_not_say,
    "trigger_response": trigger_response,
    "restate_confirm": restate_confirm,
    **STRUCTURE_EVALUATORS,
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _message(ctx: CallView, rule: Rule, out: Outcome) -> str:
    sep = "、" if ctx.lang == "zh" else ", "
    labels = [
        rule.labels.get(m, m).format_map(_Blank(department=ctx.script.name)) for m in out.missing
    ]
    found = sep.join(dict.fromkeys(h.match for h in out.evidence if h.match))
    vague = out.details.get("vague", "")
    doubt = rule.doubts.get(out.details.get("doubt", "")) if out.status == "uncertain" else None
    template = doubt or rule.messages.get(out.status, out.status)
    if "learned" in out.details:  # the model's verdict: the rules' evidence does not back it
        template = rule.learned.get(out.status, template) + ctx.pack.learned_note
    return template.format_map(
        _Blank(
            missing=sep.join(labels),
            found=found,
            department=ctx.script.name,
            trigger=out.details.get("trigger", ""),
            vague=ctx.pack.vague_note.format(vague=vague) if vague else "",
        )
    )


def _finding(ctx: CallView, rule_id: RuleId, rule: Rule, out: Outcome) -> Finding:
    absent = out.status in ("fail", "uncertain") and bool(out.missing)
    return Finding(
        rule=rule_id,
        status=out.status,
        message=_message(ctx, rule, out),
        critical=rule.critical,
        weight=rule.weight,
        evidence=[_evidence(h) for h in out.evidence],
        searched=_searched(out.searched) if absent else None,
        nearest=_evidence(nearest) if absent and (nearest := out.closest()) else None,
    )


def _values(
    script: DepartmentScript, pack: CheckerRules, aliases: list[str]
) -> dict[str, list[str]]:
    def some(*values: str) -> list[str]:
        return [v for v in values if v]

    def spoken(name: str) -> list[str]:
        return (
            list(_spoken(name, pack.language, tuple(pack.classes.get("digit", [])))) if name else []
        )

    return {
        "department": spoken(script.name),
        "brand": spoken(brand(script.name, pack.department_suffixes)),
        "alias": [said for alias in aliases for said in spoken(alias)],
        "suffix": pack.department_suffixes,
        "agent_id": _readings(script.agent.id, pack.language, pack.classes.get("digit", [])),
        "agent_name": some(script.agent.name),
        "follow_up_time": some(script.follow_up_time),
    }


def _readings(number: str, lang: str, digits: Sequence[str]) -> list[str]:
    """An agent number as it may be read out: digit by digit (二零九, with a pack's `digit`
    words: two zero nine) or, in Chinese, as a number (二百零九)."""
    if not number.isdigit():
        return [number] if number else []
    if lang == "zh":
        return list(dict.fromkeys([cn2an.an2cn(number, "direct"), cn2an.an2cn(number, "low")]))
    return [number, " ".join(digits[int(d)] for d in number)] if len(digits) == 10 else [number]


@lru_cache(maxsize=1024)
def _spoken(name: str, lang: str, digits: tuple[str, ...]) -> tuple[str, ...]:
    """A name as it is said: each number in it read every way `_readings` knows and, in words,
    as a number too (City 311: city three one one, city three hundred and eleven)."""

    def ways(number: str) -> list[str]:
        said = _readings(number, lang, digits)
        if lang != "zh":
            value = int(number)
            words = num2words(value, lang=lang)
            said += [words, words.replace(" and ", " ")]
            if len(number) == 4:
                said.append(num2words(value, lang=lang, to="year"))
        return list(dict.fromkeys(said))

    readings = [ways(n) for n in re.findall(r"\d+", name)]

    def reading(k: int) -> str:
        numbers = iter(readings)
        # Spaced: a number inside a word (Plate2Door) is a word of its own when read out.
        spaced = re.sub(r"\d+", lambda _: f" {(r := next(numbers))[min(k, len(r) - 1)]} ", name)
        return " ".join(spaced.split())

    return tuple(dict.fromkeys([name, *map(reading, range(max(map(len, readings), default=0)))]))


def score(findings: list[Finding]) -> int:
    """Weighted share of applicable rules passed; an uncertain rule earns half."""
    earned = {"pass": 1.0, "uncertain": 0.5, "fail": 0.0}
    scored = [f for f in findings if f.status in earned]
    total = sum(f.weight for f in scored)
    if not total:
        return 100
    return round(100 * sum(f.weight * earned[f.status] for f in scored) / total)


def check_call(
    transcript: Transcript, script: DepartmentScript, pack: CheckerRules | None = None
) -> Review:
    """Score one call against its department's script: its language's pack with the script's
    overrides, or `pack` as given."""
    pack = pack or apply_overrides(load_pack(script.lang), script.checker)
    values = _values(script, pack, list(script.checker.department_aliases))
    turns = build_turns(transcript, pack.language, pack.metrics.long_silence)
    fillers = compiled_phrases(tuple(pack.fillers), pack.language, pack.thresholds)
    ctx = CallView(turns, pack, script, values, fillers)
    # Without the agent's words (mono audio, or nothing recognised) no rule can be judged.
    unseparated = any(t.speaker == "unknown" for t in turns)
    unjudged = None if ctx.by("agent") else (pack.unseparated if unseparated else pack.no_speech)
    findings = []
    for rule_id, rule in pack.rules.items():
        if not rule.enabled:
            continue
        if unjudged:
            findings.append(
                Finding(rule=rule_id, status="uncertain", message=unjudged,
                        critical=rule.critical, weight=rule.weight)
            )  # fmt: skip
            continue
        out = _not_applicable(ctx, rule) or EVALUATORS[rule.kind](ctx, rule)
        out = second_opinion.review(ctx, rule_id, rule, out)
        findings.append(_finding(ctx, rule_id, rule, out))
    return Review(
        score=score(findings),
        # An empty call, or one without the agent's words, is never passed: a person must judge.
        passed=not unjudged and not any(f.critical and f.status == "fail" for f in findings),
        needs_review=bool(unjudged) or any(f.status == "uncertain" for f in findings),
        department=script.id,
        script_version=script.version,
        language=script.language,
        findings=findings,
        metrics=measure(transcript, pack.metrics),
    )
