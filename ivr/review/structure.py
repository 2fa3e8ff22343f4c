"""Rules that find the structure they are about before they look at words: a time the agent
commits to, a complaint or problem report by the caller, the agent's own refusal.

Each kind reads named cue lists from its rule (patterns in characters with {class} names, from
the pack): the lists feed the structure, they are not the rule. Cues match the recognised
characters only; sound-alikes are looked for afterwards, and evidence found only by sound makes
a finding `uncertain`, never `fail`. Recognised speech has no punctuation, so "near" means a
few characters (Mandarin) or words (a pack whose `context_unit` is word) either side of a span
within the turn; in a word pack a cue matches whole words only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

from ivr.review import prefilter
from ivr.review.call_view import CallView, Outcome, absent
from ivr.review.cue_syntax import expand, translate, whole_words
from ivr.review.matchers import EXACT, HOMOPHONE, PATTERN_BY_SOUND, Hit, Patterns, Turn
from ivr.review.normalize import respelt, spelling
from ivr.review.rules import Rule

# Characters (or words) either side of a span that its context is read from.
BEFORE, AFTER = 8, 6
NEAR = 3
# The score of a time read with a character of its unit garbled, dropped or added (五分内, 十著钟
# 内): less than one heard by sound, its syllables all there; alone it makes a promise doubtful.
GARBLED = 0.85


@lru_cache(maxsize=512)
def _compile(
    patterns: tuple[str, ...],
    classes: tuple[tuple[str, tuple[str, ...]], ...],
    lang: str,
    words: bool,
) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")  # matches nothing
    known = {k: list(v) for k, v in classes}
    parts = [translate(p, known, spelling(lang)) for p in patterns]
    if words:
        parts = [whole_words(p) for p in parts]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _expanded(cues: Cues, name: str) -> tuple[str, ...]:
    cues(name)  # compiles the list and keeps its expansion
    return cues.compiled["~" + name]


@lru_cache(maxsize=64)
def _own_chars(patterns: tuple[str, ...], numerals: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ch for p in patterns + numerals for ch in p if "\u4e00" <= ch <= "\u9fff")


# What is compiled for a rule, by rule object (kept alive beside its entry, so its id is not
# reused): its cue lists by name, and what is derived from them under other keys.
_COMPILED: dict[int, tuple[Rule, dict[str, Any]]] = {}


@dataclass(frozen=True)
class Cues:
    """A rule's cue lists, each compiled once for the rule."""

    ctx: CallView
    rule: Rule

    @cached_property
    def compiled(self) -> dict[str, Any]:
        """The rule's entry in _COMPILED: evaluators ask for cues hundreds of times a call."""
        entry = _COMPILED.get(id(self.rule))
        if entry is None or entry[0] is not self.rule:
            if len(_COMPILED) > 256:  # departments' overrides make new rules; keep it bounded
                _COMPILED.clear()
            entry = _COMPILED[id(self.rule)] = (self.rule, {})
        return entry[1]

    def __call__(self, name: str) -> re.Pattern[str]:
        compiled = self.compiled.get(name)
        if compiled is None:
            classes = tuple((k, tuple(v)) for k, v in self.ctx.pack.classes.items())
            patterns = tuple(expand(p, self.rule.cues) for p in self.rule.cues.get(name, ()))
            pack = self.ctx.pack
            words = pack.counts_words
            compiled = self.compiled[name] = _compile(patterns, classes, pack.language, words)
            self.compiled["~" + name] = patterns
        return compiled

    def first(self, name: str, turns: list[Turn]) -> Hit | None:
        """The first words of the named cue in the turns."""
        return next(self.hits(name, turns), None)

    def hits(self, name: str, turns: list[Turn]) -> Iterator[Hit]:
        """The named cue's words in the turns, in order."""
        return (h for t in turns for h in _spans(self(name), t))

    def _derived(self, key: str, make: Callable[[], Any]) -> Any:
        """Something worked out from the rule's cues alone, kept with its compiled cues rather
        than worked out again for each turn of each call."""
        value = self.compiled.get(key)
        if value is None:
            value = self.compiled[key] = make()
        return value

    def by_sound(self, name: str, turn: Turn) -> Iterator[Hit]:
        """Matches of a cue list on the turn's sound keys that keep more than half of their
        characters from the list's own words: a misheard 三个工作我内, not 网上 for 晚上."""
        own, compiled = self._derived("by_sound:" + name, lambda: self._by_sound(name))
        if not compiled.keys_gate.open(turn.norm.keys):
            return
        for _, _, by_keys in compiled.items:
            for m in prefilter.finditer(by_keys, turn.norm.keys) if by_keys else ():
                if m.start() % 2 or m.end() <= m.start():
                    continue
                start, end = turn.norm.span(m.start(), m.end())
                chars = turn.norm.chars[start:end]
                if sum(ch in own for ch in chars) * 2 > len(chars):
                    yield Hit(turn, start, end, chars, PATTERN_BY_SOUND)

    def _by_sound(self, name: str) -> tuple[frozenset[str], Patterns]:
        """The characters of the list's own words, and its patterns compiled on sound keys."""
        patterns = _expanded(self, name)
        own = _own_chars(patterns, tuple(self.ctx.pack.classes.get("num", ())))
        return own, self.ctx.patterns(list(patterns))

    def _by_keys(self, name: str) -> list[re.Pattern[str]]:
        return self._derived(
            "by_keys:" + name,
            lambda: [k for _, _, k in self._by_sound(name)[1].items if k is not None],
        )

    def sounds_at(self, name: str, turn: Turn, start: int) -> bool:
        """A pattern of the list matches the turn's sound keys from character `start` on."""
        return any(k.match(turn.norm.keys, 2 * start) for k in self._by_keys(name))

    def sounds_as(self, name: str, turn: Turn, start: int, end: int) -> bool:
        """A pattern of the list matches the turn's sound keys of characters `start` to `end`
        whole."""
        keys = turn.norm.keys[2 * start : 2 * end]
        return start < end and any(k.fullmatch(keys) for k in self._by_keys(name))

    def sounds_within(self, name: str, turn: Turn, start: int, end: int) -> bool:
        """A pattern of the list of two characters or more matches the turn's sound keys
        within characters `start` to `end` (久等 heard as 究等). Mandarin only: a word pack's
        phrases are matched by sound word by word elsewhere."""
        if self.ctx.pack.counts_words:
            return False
        keys = turn.norm.keys[: 2 * end]
        return any(
            m.start() % 2 == 0 and m.end() - m.start() >= 4
            for k in self._by_keys(name)
            for m in k.finditer(keys, 2 * start)
        )

    def sounds_near(
        self, name: str, turn: Turn, start: int, end: int, before: int, after: int
    ) -> bool:
        """`near` on the sound keys (Mandarin): the cue itself may be misheard (的化 for 的话).
        Only cues of two characters or more: one syllable sounds like too much (里 like 你)."""
        keys, size = turn.norm.keys, len(turn.norm.chars)
        lo, hi = self.reach(turn.norm.chars, start, end, before, after)
        windows = [(lo, start)] if before else []
        windows += [(end, min(hi, size))] if after else []
        return any(
            m.start() % 2 == 0 and m.end() - m.start() >= 4
            for k in self._by_keys(name)
            for a, b in windows
            for m in k.finditer(keys[: 2 * b], 2 * a)
        )

    def heard(self, name: str, turn: Turn) -> list[Hit]:
        """The list's plain words heard only by sound in the turn (您是硕 for 您是说): sound keys
        equal and some of the word's own characters kept."""
        words = self._derived(
            "heard:" + name,
            lambda: self.ctx.phrases([w for w in self.rule.cues.get(name, ()) if w.isalnum()]),
        )
        return words.homophones(turn)

    def reach(self, text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        """The span from `before` units (characters or words, by the pack) before `start` to
        `after` units after `end`."""
        if not self.ctx.pack.counts_words:
            return max(0, start - before), end + after
        lo, hi = start, end
        for _ in range(before):
            lo = text.rfind(" ", 0, max(0, lo - 1)) + 1
        for _ in range(after):
            hi = text.find(" ", hi + 1)
            if hi < 0:
                hi = len(text)
                break
        return lo, hi

    def around(self, text: str, start: int, end: int, before: int, after: int) -> str:
        lo, hi = self.reach(text, start, end, before, after)
        return text[lo:hi]

    def near(self, name: str, text: str, start: int, end: int, before: int, after: int) -> bool:
        cue = self(name)
        lo, hi = self.reach(text, start, end, before, after)
        return bool(
            (before and cue.search(text[lo:start].strip()))
            or (after and cue.search(text[end:hi].strip()))
        )


def _spans(cue: re.Pattern[str], turn: Turn) -> list[Hit]:
    # A list, not a generator: asked ~500 times a call, mostly of a turn the gate rules out.
    chars = turn.norm.chars
    if not prefilter.can_match(cue, chars):
        return []
    return [
        Hit(turn, m.start(), m.end(), m.group(), EXACT)
        for m in cue.finditer(chars)
        if m.end() > m.start()
    ]


# -- follow_up_time: a time the agent commits to ---------------------------------------------


def _time_hits(ctx: CallView, cues: Cues, turn: Turn) -> tuple[list[Hit], list[Hit]]:
    """Time expressions in a turn, by the grammar on characters and the department's own
    promise; where the characters show none, a time with its unit intact heard by sound."""
    hits = list(_spans(cues("time"), turn))
    promise = ctx.phrases(["{follow_up_time}"])
    hits += [h for h in promise.hits(turn, EXACT) if h.score >= EXACT]
    heard = list(cues.by_sound("time", turn))
    # A number and a unit with a character misheard, dropped or added between them and a
    # deadline (五分内, 十著钟内): heard as a time, as by sound.
    heard += [
        Hit(turn, h.start, h.end, h.match, GARBLED)
        for h in _spans(cues("misheard"), turn)
        if not any(h.overlaps(x) for x in hits + heard)
    ]
    if not hits:
        return [], heard
    # A time whose deadline was misheard (明天下午五殿浅, 五分钟内 as 五分钟类): the grammar read
    # only its head, and what the head alone says (a day, a part of day) decides nothing.
    longer = [h for h in heard if _extends(h, hits) and _deadline_heard(cues, h)]
    return [h for h in hits if not any(h.overlaps(x) for x in longer)], longer


def _extends(heard: Hit, exact: list[Hit]) -> bool:
    """The time heard by sound goes on past the times read in characters that it overlaps (今天
    and 四点 in 今天侠午四点之牵), from where they start: not taking in a word before them, which
    may sound like a number (一般 like 一半, 您 like 零)."""
    under = [x for x in exact if heard.overlaps(x)]
    if not under:
        return False
    return min(x.start for x in under) <= heard.start and heard.end > max(x.end for x in under)


def _deadline_heard(cues: Cues, hit: Hit) -> bool:
    """The time ends in a deadline (前, 之内) heard by sound, not in its own characters."""
    tail = hit.turn.norm.chars[hit.start : hit.end][-2:]
    return not cues("deadline").search(tail) and any(
        cues.sounds_as("deadline", hit.turn, at, hit.end) for at in (hit.end - 2, hit.end - 1)
    )


def _last(cue: re.Pattern[str], text: str) -> int:
    """Where the last match of the cue in the text ends, or -1."""
    return max((m.end() for m in cue.finditer(text) if m.end() > m.start()), default=-1)


Role = Literal["commit", "info", "near", "bare"]


def _role(cues: Cues, hit: Hit, inquiry: bool = False) -> Role:
    """A time the agent's side commits to (a deadline, a future modal, the agent's side acting),
    or information: a habit, opening hours, what the caller may do, a past event. In a call
    that asks for information only a clear promise counts. `near`: taken for a commitment only
    because the agent's side is mentioned close by; no cue decided its role. `bare`: no cue
    decided it and no one of the agent's side is near; read as information."""
    text, s, e = hit.turn.norm.chars, hit.start, hit.end
    # 七天内可以退货: what the caller may do, by when
    if cues("option_after").match(text[e:].lstrip()):
        return "info"
    # How long a state lasts (open until 2 am, a travel note until Monday), or a window
    # counted from an event (within 7 days of enrolment) that no step of the agent's side is
    # said to take: information.
    if cues("lasting").match(hit.match) or cues.near("lasting", text, s, e, 1, 0):
        return "info"
    if cues("from_event").match(text[e:].lstrip()) and not cues.near(
        "commit_wide", text, s, e, BEFORE, 0
    ):  # (not: your final bill will be emailed within 14 days of the readings)
        return "info"
    # A time hoped for, not promised (with any luck by Friday; should be this week, hopefully).
    if cues.near("hedged", text, s, e, BEFORE, 0) or cues("hedged_after").match(text[e:].lstrip()):
        return "info"
    # Inside a condition on the caller's own act (if you switch before the 31st): an option.
    if cues.near("caller_condition", text, s, e, 2 * BEFORE, 0):
        return "info"
    # A number and unit naming a kind of thing (a two hour slot), not when.
    if cues("modifier").search(hit.match):
        return "info"
    # A window (within 30 days) the agent's side may act in, not one it will: can, might.
    if cues.near("possible", text, s, e, BEFORE, 0) and cues("unit").search(hit.match):
        return "info"
    # ... said further on in the clause, heard or by sound (之前去登记点上牌都可以, 三月内逗壳已改),
    # with no one of the agent's side acting in between (之前我们都可以给您寄出 still promises).
    if _caller_may(cues, hit):
        return "info"
    # A planned outage's schedule, told earlier in the turn (heard by sound too: 计划检朽停电):
    # when it ends is no repair promised.
    if cues("planned").search(text, 0, s) or cues.sounds_within("planned", hit.turn, 0, s):
        return "info"
    # 投诉受理以后我们会在十个工作日内答复, told a caller who asked how it goes: the process
    # described, not a promise about a case of theirs.
    if inquiry and cues.near("generic_event", text, s, e, 2 * BEFORE, 0):
        return "info"
    # A date the caller's payments or collections fall on: a schedule, "will" and all.
    if cues.near("scheduled", text, s, e, BEFORE, 0):
        return "info"
    if cues.near("commit_before", text, s, e, NEAR, 0):
        return "commit"
    before = text[cues.reach(text, s, e, BEFORE, 0)[0] : s].rstrip()
    info = _last(cues("info_before"), before)
    # The cue nearest the time governs it: 配件到了以后我们保证五天内 promises, though 以后 is
    # near too; a habit (一般会在) keeps the clause informational whatever follows it, and a
    # turn that opened with one (一般工单是…紧急类的是二十四小时内) stays a description.
    lo = cues.reach(text, s, e, 4 * BEFORE, 0)[0]
    # ... the habit heard by sound too (艺般, 一办 for 一般): noise leaves the clause a description.
    habit = bool(cues("habit").search(text, lo, s)) or cues.sounds_within("habit", hit.turn, lo, s)
    # A time heard only by sound in a clause with a habit, itself maybe heard by sound and taken
    # into the time (医般二十四消时以内: 一般 sounds like 一半), is no evidence of a promise.
    if hit.score < EXACT and (
        habit or cues.sounds_within("habit", hit.turn, max(0, s - 2 * BEFORE), e)
    ):
        return "info"
    if info >= 0 and _last(cues("promise"), before) > info and not habit:
        return "commit"
    # The agent's side acting further back in the clause (I've booked a technician for, it'll
    # be engraved and shipped within), where no information cue came between.
    if info < 0 and cues.near("commit_wide", text, s, e, BEFORE + 4, 0):
        return "commit"
    if cues.near("caller_before", text, s, e, 2, 0):
        return "info"
    if not habit and cues("agent_after").match(text[e:].lstrip()):
        return "commit"
    if info >= 0 or inquiry:
        return "info"
    deadline = cues("deadline")
    if deadline.search(hit.match[-2:]) or deadline.match(text[e:].lstrip()):
        return "commit"
    if hit.score < EXACT and _deadline_heard(cues, hit):  # heard by sound: 五点牵, 十分钟类
        return "commit"
    # A deadline word opening the time or inside it (within two days, by Friday, tomorrow
    # before 5 pm): a time something is done by, not one it happens at.
    if cues("deadline_start").search(hit.match):
        return "commit"
    if cues.near("info_after", text, s, e, 0, AFTER):
        return "info"
    return "near" if cues.near("commit", text, s, e, BEFORE, AFTER) else "bare"


def _caller_may(cues: Cues, hit: Hit) -> bool:
    """What the caller may do by the time (都可以, 就算), a few words after it: not with the
    agent's side acting in between, nor after a step finished first (明天下午三点前办好您到前台领取
    就可以: the caller's step waits on the promised one)."""
    text, e = hit.turn.norm.chars, hit.end
    end = min(len(text), e + 2 * AFTER)
    m = cues("may_later").search(text, e, end)
    if m is None:
        heard = [a for a in range(e, end) if cues.sounds_at("may_later", hit.turn, a)]
        at = heard[0] if heard else -1
    else:
        at = m.start()
    between = text[e:at]
    return at >= 0 and not cues("commit").search(between) and not cues("step_first").search(between)


def _misheard(cues: Cues, turn: Turn, times: list[Hit], info: list[Hit]) -> list[Hit]:
    """Information times in the turn that may be a deadline misheard: a deadline heard only by
    sound a character or two on (三点潜, 十二点金前); and a number beside a unit the grammar
    does not read whole (三十钟内), where it found no time."""
    text, deadline = turn.norm.chars, cues("deadline")

    def by_sound(at: int) -> bool:  # not in its own characters: 提前 is no deadline misheard
        return not deadline.match(text, at) and cues.sounds_at("deadline", turn, at)

    heard = [t for t in info if any(by_sound(at) for at in range(t.end, min(t.end + 3, len(text))))]
    garbled = [h for h in _spans(cues("misheard"), turn) if not any(h.overlaps(t) for t in times)]
    return heard + garbled


def _corrected(cues: Cues, vague: Hit, by_turn: dict[int, list[Hit]], sure: set[int]) -> bool:
    """A commitment later in the vague word's turn, or in the next turns (two turn indices on:
    the agent's next turn), corrects it unless it is for a side matter; one just before it in
    the turn times the step the vague words follow from (三个工作日内办好，办好后会给您发短信),
    and a commitment a cue decided (`sure`: their ids) does so from a clause back when the
    vague words open with the step done (今天下午四点前处理完，处理好了会短信通知您). `by_turn`:
    the commitments by turn index, so a long call's vague words are not each compared with all
    its promises."""
    index = vague.turn.index
    here = by_turn.get(index, [])

    def before(c: Hit, reach: int) -> bool:
        return 0 <= vague.start - c.end <= reach

    def same_step(c: Hit) -> bool:  # no other matter opened in between (漏水那个要…)
        return not cues("new_matter").search(vague.turn.norm.chars[c.end : vague.start])

    def own_promise(c: Hit) -> bool:
        """A commitment after the vague words is for their matter unless a side matter opens
        between them (we'll let you know. in the meantime I'll email you the form within ten
        minutes); in a later turn, the words just before it are read."""
        text = c.turn.norm.chars
        lo = (
            vague.end
            if c.turn.index == index
            else cues.reach(text, c.start, c.end, 2 * BEFORE, 0)[0]
        )
        return not cues("side_matter").search(text[lo : c.start])

    later = any(c.start >= vague.start and own_promise(c) for c in here)
    done = bool(cues("completes").match(vague.match))
    # Vague words opening a matter of their own (we'll also review why ...) are not the step
    # a time just before them timed.
    own = bool(cues("own_matter").match(vague.match))
    just_before = any(before(c, NEAR) and not own for c in here) or (
        done and any(id(c) in sure and before(c, 2 * BEFORE) and same_step(c) for c in here)
    )
    after = (c for i in (index + 1, index + 2) for c in by_turn.get(i, ()))
    return later or just_before or any(own_promise(c) for c in after)


def _caller_just_before(ctx: CallView) -> dict[int, Turn]:
    """By the index of the turn after it, each caller turn: what the caller said just before an
    agent turn (Hello? Are you still there?; will I need a courtesy car?)."""
    return {t.index + 1: t for t in ctx.by("caller")}


def _caller_just_after(ctx: CallView) -> dict[int, str]:
    """By the index of the turn before it, each caller turn's words: the caller's reply to an
    agent turn (fine, it's five bucks; 钱到了就行)."""
    return {t.index - 1: t.norm.chars for t in ctx.by("caller")}


def _echoed(cues: Cues, caller: Turn, commitments: list[Hit]) -> bool:
    """The caller says back a time promised in the agent's turn just before and goes on to ask
    about something else (三个工作日，行。那以后还开不开这个班了; 后天上午，那赶得上。错的那五袋
    咋办): the promise was taken, and what they ask next is another matter. Not their asking
    when (发票是今天下午，那换机什么时候能确认): the promise was for a side matter, and they are
    back on their own."""
    promised = (c for c in commitments if c.turn.index == caller.index - 1)
    words = cues.ctx.pack.counts_words
    units = [_time_units(c.match, words) for c in promised]
    if not units:
        return False
    text = caller.norm.chars
    return not cues("asks_when").search(text) and any(
        _time_units(h.match, words) <= u and cues("echo_question").search(text[h.end :])
        for h in _spans(cues("time"), caller)
        for u in units
    )


def _time_units(time: str, words: bool) -> frozenset[str]:
    """A time's characters, or its words of three letters or more where words are spaced (the
    caller's "Thursday 8 to 11" says back "this Thursday between 8 and 11")."""
    return frozenset(w for w in time.split() if len(w) > 2) if words else frozenset(time)


def _aside(cues: Cues, vague: Hit, commitments: list[Hit], asked: Turn | None, reply: str) -> bool:
    """Vague words for a side matter once the caller's own matter was promised a time: one the
    agent turned to, in their turn before them (today before 4 pm … I've also flagged it to the
    goodwill team, you may hear from them), one the caller raised after the promise, in
    `asked`, their turn just before the vague words' turn (back by 5 pm tomorrow … will I
    need a courtesy car?; the promised time said back, then a question), or one the caller
    waved aside in `reply`, their words just after it (fine, it's five bucks, as long as I get
    the miles; 钱先退了再说). The promise about what the caller called for decides. A pack
    without `aside`, `side_question` or `side_reply` cues has no such side matters."""
    text = vague.turn.norm.chars[: vague.start]
    index = vague.turn.index
    before = any(c.turn.index < index for c in commitments)
    raised = (
        before
        and asked is not None
        and (
            bool(cues("side_question").search(asked.norm.chars))
            or _echoed(cues, asked, commitments)
        )
    )
    earlier = before or any(c.turn.index == index and c.end <= vague.start for c in commitments)
    waved = earlier and bool(cues("side_reply").search(reply))
    return raised or waved or (earlier and bool(cues("aside").search(text)))


def _timed(cues: Cues, vague: Hit, times: list[Hit]) -> bool:
    """A time read in characters ends right where the vague words begin, in one clause (三个
    工作日内会有人联系您; its 后 shared, 三天后会给您): the words say when, not "some time".
    Not vague words opening a matter of their own (by Monday. we'll also review why ...)."""
    if cues("own_matter").match(vague.match):
        return False
    return any(t.start < vague.start and -1 <= vague.start - t.end <= 1 for t in times)


def _answers(vague: Hit, time: Hit) -> bool:
    """The time comes after the vague words, in their turn or the agent's next one."""
    index = vague.turn.index
    if time.turn.index == index:
        return time.start > vague.end
    return index < time.turn.index <= index + 2


def _leaves_pending(cues: Cues, vague: Hit) -> bool:
    """A vague word that leaves the agent's side something to do: not the caller's own next
    step (稍后再拨打), not a habit, not what one thing depends on (要等…才能确定), not a
    conditional no one of the agent's side acts in."""
    text, s, e = vague.turn.norm.chars, vague.start, vague.end
    return not (
        cues.near("caller_after", text, s, e, 0, AFTER)
        or cues.near("caller_turn", text, s, e, BEFORE, 0)
        or cues.sounds_near("caller_turn", vague.turn, s, e, BEFORE, 0)  # 浆议您 for 建议您
        or cues.near("habit", text, s, e, BEFORE, 0)
        or cues.near("possible", text, s, e, NEAR, 0)  # they may be in touch: no promise
        or bool(cues("dependency").match(text, s))
        or _conditional(cues, vague)
        or _relayed(cues, vague)
        or (
            bool(cues("talk_later").match(vague.match))
            and cues.near("caller_wait", text, s, e, BEFORE, 0)
        )
    )


def _relayed(cues: Cues, vague: Hit) -> bool:
    """Someone outside the agent's side acting once the caller's own step is done (请您报警，
    拿到回执后公安会通知收款行): the caller's step, nearest before, with none of the agent's
    side acting after it."""
    if not cues("relayed").match(vague.match):
        return False
    text = vague.turn.norm.chars
    lo = max(0, vague.start - 3 * BEFORE)
    step = _last(cues("caller_step"), text[lo : vague.start])
    return step >= 0 and not cues("agent_side").search(text, lo + step, vague.end)


def _conditional(cues: Cues, vague: Hit) -> bool:
    """A vague word in a conditional clause no one of the agent's side acts in (不预约的话现场
    可能要等)."""
    text, s, e = vague.turn.norm.chars, vague.start, vague.end
    return cues.near("conditional", text, s, e, BEFORE, 0) and not cues.near(
        "pending_actor", text, s, e, NEAR, 0
    )


def _contingent(cues: Cues, vague: Hit) -> bool:
    """Vague words that only say what happens if something does (if anything changes, we'll
    call you; if seats open once the fog lifts, we'll text you), or if a promise is not kept
    (I'll follow up myself if you don't hear by then): a contingency, no promise."""
    text, s, e = vague.turn.norm.chars, vague.start, vague.end
    opener = vague.match.split(" ", 1)[0]
    return (
        bool(cues("contingency").fullmatch(opener))
        or cues.near("contingency", text, s, e, BEFORE, 0)
        or bool(cues("unless_kept").match(text[e:].lstrip()))
    )


def _vague_by_sound(cues: Cues, turns: list[Turn]) -> list[Hit]:
    """Vague words heard only by sound: a pattern's sound keys with most of its characters kept,
    or a word of three characters or more whose every syllable was heard (two sound like too
    much: 网点 like 晚点); in a word pack, a `vague_said` phrase heard with a word misheard,
    dropped or added (well get back too you), which the patterns, needing every word, miss."""
    said = cues.ctx.phrases(cues.rule.cues.get("vague_said", []))
    floor = cues.ctx.floor(cues.rule.match)
    heard = [
        h
        for t in turns
        if not cues("general").search(t.norm.chars)
        for h in [
            *cues.by_sound("vague", t),
            *(w for w in cues.heard("vague", t) if len(w.match) > 2),
            *(p for p in (said.hits(t, floor) if said else ()) if p.score < EXACT),
        ]
    ]
    vague = cues("vague")
    return [
        h for h in heard
        if not vague.search(h.match) and _leaves_pending(cues, h) and not _contingent(cues, h)
    ]  # fmt: skip


def _unanswered(cues: Cues, ctx: CallView, turns: list[Turn], timed: set[int]) -> list[Hit]:
    """The caller asking when (when will someone come? how long?) and no agent turn after it
    naming a time, nor the first answer a number or the thing done now: what the caller
    asked the time of is left pending, unless they asked again later and were answered. The
    first answer is the evidence. `turns`: the agent's turns that are no restatement of the
    caller's words; `timed`: those where a time was heard, in any role (a time misheard may
    be the answer)."""
    asks, said, out = cues("asks_when"), cues("answered"), []
    for turn in ctx.by("caller"):
        if not _spans(asks, turn):
            continue
        answers = [t for t in turns if t.index > turn.index]
        if not answers or any(t.index in timed for t in answers):
            continue
        # The first answer may be a restatement that answers too (您是想了解…对吧？我们是每天
        # 早上八点到晚上十点).
        replies = ctx.after("agent", turn.index, 1) + answers[:1]
        if any(said.search(t.norm.chars) for t in replies):
            out = []  # asked again and answered: what went before was the same question
            continue
        first = answers[0]
        end = cues.reach(first.norm.chars, 0, 0, 0, AFTER)[1]  # its opening words
        out.append(Hit(first, 0, end, first.norm.chars[:end], EXACT))
    return out


def time_commitment(ctx: CallView, rule: Rule) -> Outcome:
    """pass: the agent committed to a time and left nothing else vaguely pending; fail: a vague
    promise, or a process opened with no time; na: nothing left pending."""
    cues = Cues(ctx, rule)
    restate, vague_cue, general = cues("restate"), cues("vague"), cues("general")
    commitments: list[Hit] = []
    informational: list[Hit] = []
    pending: list[Hit] = []
    vague: list[Hit] = []
    unsure: list[Hit] = []  # commitments only the agent's side being near made
    conditional: list[Hit] = []  # vague words in a conditional clause
    agent = ctx.by("agent")
    misheard: list[Hit] = []  # times whose deadline or unit only sounds like one
    bare: list[Hit] = []  # times no cue decided, read as information
    timed: set[int] = set()  # agent turns where a time was heard
    restated = [t.norm.chars for t in agent if restate.search(t.norm.chars)]
    # The need the agent restated, or asked the caller to confirm (…想先了解…，对吗).
    confirmed = [t.norm.chars for t in agent if cues("confirm").search(t.norm.chars)]
    inquiry = any(cues("inquiry").search(text) for text in restated + confirmed) or any(
        cues("generic_question").search(t.norm.chars) for t in ctx.by("caller")
    )
    actor = "own_actor" if inquiry else "pending_actor"
    # The agent's opening words, before the caller has said anything, promise nothing (a staff
    # number heard as 工号个四日六 is no time).
    callers = ctx.by("caller")
    opened = callers[0].index if callers else -1
    turns = [
        t for t in agent
        if t.index > opened and not restate.search(t.norm.chars) and not cues.heard("restate", t)
    ]  # fmt: skip
    for turn in turns:
        text = turn.norm.chars
        # A turn that reads like a restatement whose 您是说 was misheard (兵是说…想尽快…对吗):
        # its vague words and processes may be the caller's.
        spans = [] if cues("restated").search(text) else list(_spans(vague_cue, turn))
        vagues = [v for v in spans if _leaves_pending(cues, v)]
        conditional += [v for v in spans if v not in vagues and _conditional(cues, v)]
        exact, by_sound = _time_hits(ctx, cues, turn)
        if exact or by_sound or cues("time_units").search(text):
            timed.add(turn.index)
        # Vague words a time directly governs (受理后五个工作日内会有人联系您) are timed, whatever
        # the time's role: a promise if it is one, a description of the process if not.
        vagues = [v for v in vagues if not _timed(cues, v, exact)]
        committed: list[Hit] = []
        informs: list[Hit] = []
        for hit in exact:
            if any(hit.overlaps(v) for v in vagues):
                continue  # 过两天 is a vague time, not two days
            role = _role(cues, hit, inquiry)
            (informs if role in ("info", "bare") else committed).append(hit)
            if role == "bare":
                bare.append(hit)
            if role == "near":
                unsure.append(hit)
        committed += [h for h in by_sound if _role(cues, h, inquiry) not in ("info", "bare")]
        misheard += _misheard(cues, turn, exact, informs)
        informational += informs
        commitments += committed
        vague += vagues
        if not (general.search(text) or cues("restated").search(text)):
            pending += [
                h for h in _spans(cues("pending"), turn)
                if cues.near(actor, text, h.start, h.end, BEFORE, 0)
                and not cues.near("settled", text, h.start, h.end, BEFORE, AFTER)
            ]  # fmt: skip
    unanswered = _unanswered(cues, ctx, turns, timed)
    vague += [u for u in unanswered if not any(u.overlaps(v) for v in vague)]
    # A vague word the agent makes concrete later in the turn or in the next one (我们会尽快，
    # 明天中午十二点前到账) was corrected; one after a commitment leaves another matter open.
    by_turn: dict[int, list[Hit]] = {}
    for c in commitments:
        by_turn.setdefault(c.turn.index, []).append(c)
    sure = {id(c) for c in commitments} - {id(u) for u in unsure}
    vague = [v for v in vague if not _corrected(cues, v, by_turn, sure)]
    # Words that only time what follows a step (they'll text you when it's ready) after a time
    # for that step in their turn: the time covers them too. A contingency (if anything opens
    # up earlier, I'll let you know) after a promise, in its turn or an earlier one, leaves
    # nothing open.
    after_step = cues("after_step")

    def covered(v: Hit) -> bool:
        promised = any(c.end <= v.start for c in by_turn.get(v.turn.index, ()))
        if _contingent(cues, v):
            return promised or any(i < v.turn.index for i in by_turn)
        return promised and bool(after_step.search(v.match))

    asked = _caller_just_before(ctx)  # a side matter the caller raises there
    replies = _caller_just_after(ctx)  # or waves aside there
    vague = [
        v for v in vague
        if not covered(v)
        and not _aside(cues, v, commitments, asked.get(v.turn.index),
                       replies.get(v.turn.index, ""))
    ]  # fmt: skip
    if commitments and not vague:
        path = "sound" if commitments[0].score < EXACT else "commit"
        # A vague word heard only by sound beside the promise (好了徽通知您), or one in a
        # conditional clause after it (要重做的话，做好了再通知您): it may leave another matter
        # open, and only a person can tell.
        for doubt, words in (("vague", _vague_by_sound(cues, turns)), ("conditional", conditional)):
            if heard := [v for v in words if not _corrected(cues, v, by_turn, sure)]:
                details = {"path": path, "doubt": doubt}
                return Outcome("uncertain", [commitments[0], heard[0]], details=details)
        # A time whose role no cue decided, and nothing pending: it may be information.
        near_only = {id(u) for u in unsure}
        doubtful = not pending and all(id(c) in near_only for c in commitments)
        details = {"path": path, "doubt": "role"} if doubtful else {"path": path}
        if all(c.score <= GARBLED for c in commitments):
            doubtful, details = True, {"path": path, "doubt": "garbled"}
        return Outcome("uncertain" if doubtful else "pass", [commitments[0]], details=details)
    if not pending and not vague:
        return Outcome("na", evidence=informational[:1], details={"path": "na"})
    path = "vague+commit" if vague and commitments else "vague" if vague else "pending"
    out = Outcome(
        "fail", evidence=(vague + pending)[:3], missing=["time"], searched=turns,
        details={"path": path},
    )  # fmt: skip
    if vague:
        out.details["vague"] = vague[0].match
    out.nearest = commitments[0] if commitments else informational[0] if informational else None
    # A process opened where a time may have been misheard (a unit's sound beside it): unsure.
    garbled = path == "pending" and any(
        cues.heard("time_units", h.turn) or cues("time_units").search(h.turn.norm.chars)
        for h in pending
    )
    out.status = absent(ctx, turns, weak=garbled)
    if misheard and out.status == "fail":  # the time asked for may be the one misheard
        out.status, out.details["doubt"] = "uncertain", "misheard"
        out.evidence = [misheard[0], *out.evidence[:2]]
    # A precise time no cue decided after each of the vague words, in their turn or the agent's
    # next one (我们尽快… then 今天下午三点批把结果发到邮箱, its 前 misheard): it may be the
    # promise they asked for, its cue lost to noise. (A bare day, 今天 or today, is too little:
    # more than two characters, or words in a word pack.)
    words = ctx.pack.counts_words
    precise = [t for t in bare if len(t.match.split() if words else t.match) > 2]
    answers = [[t for t in precise if _answers(v, t)] for v in vague]
    if vague and all(answers) and out.status == "fail":
        out.status, out.details["doubt"] = "uncertain", "role"
        out.evidence = [answers[0][0], *out.evidence[:2]]
    return out


# -- apology: a complaint or problem report answered with an apology ---------------------------


def _quoted(ctx: CallView, text: str, hit: Hit, callers: str) -> bool:
    """An apology the caller said first with the words after it: a name or title echoed (a
    shop called 不好意思小馆, the book 对不起我不知道, the Sorry Not Sorry mugs), not an
    apology. The words after it: two characters, or two words where words are spaced; a
    name's 的 may come on either side and not the other (叫对不起的酒吧, 对不起酒吧)."""
    said = text[hit.start : hit.end]
    if ctx.pack.counts_words:
        tail = " ".join(text[hit.end :].split()[:2])
        return len(tail) >= 2 and f"{said} {tail}" in callers
    tail = text[hit.end :].removeprefix("的")[:2]
    return len(tail) >= 2 and said + tail in callers.replace(f"{said}的", said)


def _apologies(
    ctx: CallView, rule: Rule, cues: Cues, turns: list[Turn], waited: bool
) -> tuple[Hit | None, Hit | None]:
    """The first real apology in the turns (not one for a wait, not a polite 不好意思请问), and
    the best one heard only by sound."""
    phrases = ctx.phrases(rule.cues["apology"])
    unless, hold = cues("apology_unless"), cues("hold")
    # Only an apology that may open a polite question (不好意思请问) is excused by what follows
    # it; 给您带来不便，请问… still apologises. (A pack without the list excuses any.)
    openers = cues("polite_opener") if "polite_opener" in rule.cues else None
    by_sound = None
    held = False  # the agent has asked the caller to hold
    heard = _caller_just_before(ctx)
    callers = " ".join(t.norm.chars for t in ctx.by("caller"))
    for turn in turns:
        # A character only an apology has (很歉, its 抱 misheard): heard in part, as by sound.
        parts = [
            Hit(turn, m.start(), m.end(), m.group(), PATTERN_BY_SOUND)
            for m in cues("apology_part").finditer(turn.norm.chars)
        ]
        excused: list[Hit] = []  # a sorry heard by sound over an excused one is excused too
        found = phrases.hits(turn, ctx.floor()) + parts
        for hit in sorted(found, key=lambda h: h.score < HOMOPHONE):  # said ones first
            text = turn.norm.chars
            if any(h.start < hit.end and hit.start < h.end for h in excused):
                continue
            said = cues.around(text, hit.start, hit.end, 0, AFTER)
            for_hold = held or bool(hold.search(text, 0, hit.start))
            for_hold = for_hold or cues.sounds_within("hold", turn, 0, hit.start)
            # (for a hold, heard by sound too: 不好意思让您究等了 after a hold thanks for it)
            for_wait = cues("hold_apology").search(said) or cues.sounds_within(
                "hold_apology", turn, hit.start, min(hit.end + AFTER, len(text))
            )
            # What the apology is for, heard by sound too (我理解岔了 as 我里解错了).
            polite = unless.search(said) or cues.sounds_within(
                "apology_unless", turn, hit.end, min(hit.end + AFTER, len(text))
            )
            bare = _bare(cues, rule, text, hit)
            # A bare sorry answering the caller's "are you still there?", or on return from a
            # hold, is for the silence; one opening a question or a correction (sorry, which
            # flight?; sorry, this is the water board) eases the talk along.
            asked = heard.get(turn.index)
            eases = bare and (
                (asked is not None and cues("checked_in").search(asked.norm.chars))
                or (for_hold and not waited)
                or cues("bare_opener").match(text[hit.end :].lstrip())
            )
            if (
                (polite and (openers is None or hit in parts or openers.fullmatch(hit.phrase)))
                or (for_hold and not waited and for_wait)
                or eases
                or cues.near("not_apology", text, hit.start, hit.end, NEAR, 0)
                or _quoted(ctx, text, hit, callers)
            ):
                excused.append(hit)
                continue
            if hit.score >= HOMOPHONE:  # said, or every syllable of it heard (报歉)
                return hit, None
            if ctx.strong(hit) or hit in parts:
                by_sound = by_sound or hit
        held = held or bool(hold.search(turn.norm.chars))
        held = held or cues.sounds_within("hold", turn, 0, len(turn.norm.chars))
    return None, by_sound


def _bare(cues: Cues, rule: Rule, text: str, hit: Hit) -> bool:
    """A lone sorry that nobody owns (not I'm so sorry) and that is for nothing named (not
    sorry about that, sorry it took so long): a word easing the talk along, an apology only
    where the talk around it says so. (A pack without `apology_object` has no such word.)"""
    if "apology_object" not in rule.cues or not cues("bare_apology").fullmatch(hit.match):
        return False
    owner = cues("apology_owner").search(text[: hit.start].rstrip())
    return not owner and not cues("apology_object").match(text[hit.end :].lstrip())


def _a_not_a(text: str, start: int) -> bool:
    """A negation inside an A-not-A question (能不能用, 对不对) asks; it reports nothing."""
    at = text.find("不", start, start + 2)
    return 0 < at < len(text) - 1 and text[at - 1] == text[at + 1]


def _about_others(cues: Cues, hit: Hit) -> bool:
    """Complaint words whose subject, nearest before them in the clause, is someone outside
    the organisation (她咳嗽好几天了, 店铺客服一直没回我), or, for a count of times or days, the
    caller trying something themselves (我都拍了好几次了): they blame nobody here. Not the
    caller reaching the organisation again and again (我打了好几次, 我申请三次了), nor the
    organisation as the nearer subject (老板说你们一直没来). (A plain report keeps its weight
    whoever met the trouble: 他考勤也打不了卡 is still our system failing.)"""
    text = hit.turn.norm.chars
    before = text[max(0, hit.start - BEFORE) : hit.start]
    kinds = ["ours_subject", "others"]
    if cues("counted").search(hit.match):
        if cues("attempt").search(before):
            return True
        kinds.append("caller_subject")
    # the nearest subject; of two ending together the longer (店铺客服 over 客服)
    subjects = [(m.end(), -m.start(), kind) for kind in kinds for m in cues(kind).finditer(before)]
    if not subjects:
        return False
    end, _, kind = max(subjects)
    if kind != "caller_subject":
        return kind == "others"
    # the caller's act between the subject and the count, or just after it (第三次打电话)
    return not cues("contact").search(before[end:] + text[hit.start : hit.end + NEAR])


def _complaints(
    cues: Cues, turns: list[Turn], heard: dict[int, str] | None = None
) -> list[tuple[Hit, bool]]:
    """Caller clauses that call for an apology, each graded strong (a complaint) or not (a
    report of a problem not of the caller's own making). `heard`: by a caller turn's index,
    what the agent said just before it: what the agent said cannot be done, said back
    (一点都退不了吗 after 已经收了就退不了), is the caller taking in an answer, not reporting a
    fault."""
    strong, report = cues("strong"), cues("report")
    not_complaint = cues("not_complaint")
    graded = []
    for turn in turns:
        text = turn.norm.chars
        said_back = (heard or {}).get(turn.index, "")
        # Praise is sarcasm unless it thanks the agent for what was just put right, or thanks
        # them in its own words.
        sincere = cues("good_news").search(said_back) or cues("sincere").search(text)
        sarcasm = [] if sincere else list(_spans(cues("sarcasm"), turn))
        hits = [
            (h, is_strong)
            for is_strong, found in (
                (True, _spans(strong, turn)),
                (True, sarcasm),
                (False, _spans(report, turn)),
            )
            for h in found
            if not not_complaint.search(cues.around(text, h.start, h.end, 2 * BEFORE, NEAR))
            and (is_strong or not _owns_fault(cues, text))
            and (is_strong or not _a_not_a(text, h.start))
            and not (h.match in said_back and cues("said_back").search(h.match))
            and not (is_strong and _about_others(cues, h))
        ]
        if hits and not any(s for _, s in hits) and cues("praise").search(text):
            hits = [(hits[0][0], True)]  # a report with praise beside it is sarcasm
        if hits and not any(s for _, s in hits) and cues("lasting").search(text):
            hits = [(hits[0][0], True)]  # a fault left for days or weeks is a complaint
        if hits:
            graded.append(hits[0])
    return graded


def _owns_fault(cues: Cues, text: str) -> bool:
    """The caller's words owning the trouble, or putting it on an outside cause (我自己弄丢了,
    I forgot to), not denying it just before (不是我们弄丢的; a pack without `fault_denied`
    reads no denial)."""
    return any(
        not cues.near("fault_denied", text, m.start(), m.end(), BEFORE, 0)
        for m in cues("own_fault").finditer(text)
    )


def _owned(cues: Cues, turns: list[Turn]) -> Hit | None:
    """The agent's side fixing the fault the caller reported (给您换新, 原路退回): the first
    such words in the agent's turns after the report, not in one restating the caller's wish
    (您是想换一个，对吗), nor one refusing it (赔不了)."""
    own = [t for t in turns if not cues("restate").search(t.norm.chars)]
    refused = cues("refused")
    return next(
        (
            h
            for t in own
            for h in _spans(cues("remedy"), t)
            if not refused.match(t.norm.chars, h.end)
        ),
        None,
    )


Side = Literal["ours", "theirs"] | None


def _fault_side(ctx: CallView, cues: Cues, callers: list[Turn], agents: list[Turn]) -> Side:
    """Whose fault the caller's trouble is, where the words say (a pack with `company_side`
    cues): the caller's own doing or an outside cause (I backed into a pole, the hailstorm)
    owes no apology; the organisation's product, service or bill (you guys sent, your app,
    charged twice), or the agent owning the error (on our end, at no charge), owes one."""
    if any(_owns_fault(cues, t.norm.chars) for t in callers):
        return "theirs"
    if _accepts(cues, callers):
        return "theirs"
    # The agent finding the cause outside the organisation (the balance ran out, the password
    # was entered wrong, it shows up only after tonight's scan: that is normal), in its own
    # words, not restating the caller's (您是说欠费停电以后…).
    own = [t for t in agents if not cues("restate").search(t.norm.chars)]
    if any(cues("not_ours").search(t.norm.chars) for t in own):
        return "theirs"
    brand = ctx.script.name.lower().split()[:1]
    # The caller's product of the organisation's own make (my HomeGlow fridge).
    made = [re.compile(rf"\b(my|the|a|your|our) {re.escape(brand[0])}\b")] if brand else []
    ours = [cues("company_side"), *made]
    if any(cue.search(t.norm.chars) for t in callers for cue in ours):
        return "ours"
    # The agent owning the error, or restating the trouble as the organisation's (your car
    # came back from our meet-and-greet with a scratch).
    owns = cues.first("agent_owns", agents) or cues.first("admission", agents)
    owns = owns or cues.first("restated_ours", agents)
    return "ours" if owns or cues.first("empathy", own) else None


def _accepts(cues: Cues, callers: list[Turn]) -> bool:
    """The caller, once told the cause, placing it outside the organisation (哦是银行那边慢了啊):
    their own reading of the answer, after their first words."""
    return any(cues("accepts").search(t.norm.chars) for t in callers[1:])


def complaint_apology(ctx: CallView, rule: Rule) -> Outcome:
    """pass: the agent apologised once the caller had spoken (an apology may come before the
    caller's sharpest words); fail: a complaint, or a problem report when the pack says so, with
    no apology; na: nothing called for one."""
    cues = Cues(ctx, rule)
    callers = ctx.by("caller")
    after = [t for t in ctx.by("agent") if callers and t.index > callers[0].index]
    heard, last = {}, ""
    for t in ctx.turns:
        if t.speaker == "agent":
            last = t.norm.chars
        else:
            heard[t.index] = last
    graded = _complaints(cues, callers, heard)
    waited = any(cues("waited").search(t.norm.chars) for t in callers)
    # A hotline that only passes citizens' reports on to the bodies in charge (12345) is not
    # at fault for what they report about those bodies: nothing is owed an apology unless the
    # agent owns an error (admission, below), the caller waited to get through (its own line:
    # 打了二十分钟才接通), or complains of the hotline itself (你们这就是踢皮球).
    if cues("relay").search(ctx.script.name):
        graded = [
            (h, s) for h, s in graded
            if cues("waited").search(h.turn.norm.chars)
            or (s and cues.near("ours_subject", h.turn.norm.chars, h.start, h.end, BEFORE, 0))
        ]  # fmt: skip
    # The agent thanking the caller for a report (thanks for letting us know) takes it as notice
    # of trouble out in the world (a burst main, a fallen tree), not as a grievance: a plain
    # report there owes no apology, whoever's pipe it is; a complaint still does.
    if any(cues("thanked_report").search(t.norm.chars) for t in after):
        graded = [(h, s) for h, s in graded if s]
    # A caller who dialled the wrong number (the agent tells them so) reached nobody who owes
    # them an apology, whatever they report or the agent says to it.
    if any(cues("misdialled").search(t.norm.chars) for t in after):
        return Outcome("na", details={"path": "misdialled"})
    said, by_sound = _apologies(ctx, rule, cues, after, waited)
    # A caller who, once told the cause, finds it their own (还真是，我输错了) takes back what
    # they said before it, however sharply: nothing there was owed an apology.
    owned_up = next((t.index for t in callers[1:] if cues("owned_up").search(t.norm.chars)), None)
    if owned_up is not None:
        graded = [(h, s) for h, s in graded if h.turn.index >= owned_up]
    # The words may say whose fault a report is (a pack with `company_side` cues).
    sided = "company_side" in rule.cues
    side = _fault_side(ctx, cues, callers, after) if sided else None
    if sided:
        # The organisation's fault makes a report a complaint; the caller's own makes it none.
        graded = [(h, s or side == "ours") for h, s in graded if s or side != "theirs"]
        # An apology answers any report or complaint, and unless the pack asks for a cause
        # (`apology_needs_cause`) shows there was trouble where no caller words were found:
        # trouble of the caller's own making or an act of nature (a lost card; the storm took
        # tiles off the roof) is answered by sympathy too (sorry to hear that). The brief counts
        # an apology for either; blind writers label both pass (on the English training calls,
        # reading sympathy as an answer fixed 43 renderings and broke 22, mostly of the older
        # parts).
        if said is not None and (graded or not rule.apology_needs_cause):
            evidence = [graded[0][0], said] if graded else [said]
            return Outcome("pass", evidence=evidence, details={"path": "owned"})
    trigger = next((h for h, is_strong in graded if is_strong), None)
    if trigger is None and not graded and said is None:
        # The agent admitting an error no caller words were found for (是我们同事录错了), or
        # answering the caller's distress (我理解您的心情) over trouble not of their own making:
        # the agent's own words show what the apology was owed for. (Not any owning words: at
        # no charge owns no error.)
        trigger = cues.first("admission", after) or (
            cues.first("empathy", after) if side != "theirs" else None
        )
    if trigger is None and graded and rule.unapologised_report != "na":
        trigger = graded[0][0]
    details = {"trigger": trigger.match} if trigger else {}
    if trigger is not None:
        paths = {id(h): "strong" if s else "report" for h, s in graded}
        details["path"] = paths.get(id(trigger), "admitted")
    if said is not None and (trigger is not None or not rule.apology_needs_cause):
        return Outcome("pass", evidence=[h for h in (trigger, said) if h], details=details)
    if trigger is None:
        return Outcome("na", evidence=[graded[0][0]] if graded else [])
    # (An agent's admission is searched from its own turn on: 是我们录错了，抱歉.)
    searched = [t for t in after if t.index > trigger.turn.index or t is trigger.turn]
    status = "uncertain" if by_sound else absent(ctx, searched, False)
    # Words the agent never answered (the caller's last turn): no turn could have apologised.
    if not searched and status == "fail" and rule.unanswered_complaint == "uncertain":
        status, details["doubt"] = "uncertain", "unanswered"
    # A complaint the caller took back in effect, placing the cause elsewhere once told it
    # (你们速度可真快啊 … 啊是商家没发啊): whether an apology was still owed is a person's call.
    if status == "fail" and _accepts(cues, callers):
        status, details["doubt"] = "uncertain", "accepted"
    # A problem report is not a complaint: whether the fault was the organisation's, and so
    # whether an apology was owed, the words seldom settle; the agent's side fixing a damaged
    # thing (换新, 补发) settles it, not the service given for something the caller could not
    # do (点不了 … 退款 is the return asked for).
    if details["path"] == "report" and status == "fail" and rule.unapologised_report != "fail":
        owned = _owned(cues, searched)
        if owned and not cues("inability").search(trigger.match):
            details["owned"] = owned.match
        else:
            status, details["doubt"] = "uncertain", "report"
    return Outcome(
        status,
        evidence=[trigger] + ([by_sound] if by_sound else []),
        missing=["apology"],
        searched=searched,
        details=details,
    )


# -- banned_phrase: the agent's own refusal -----------------------------------------------------


def _excused(cues: Cues, hit: Hit, subject: bool = True) -> bool:
    """A refusal word that is not the agent refusing: the caller is its subject (not asked
    of blame or impatience, which are about the caller), a polite question (不知道您…), a
    conditional (如果您不清楚…)."""
    turn, text, s, e = hit.turn, hit.turn.norm.chars, hit.start, hit.end
    # Excuses are looked for by sound too, as their own words may be misheard (捕知道您, 的化);
    # not the caller as subject, whose one syllable sounds like too much (店里也 like 你也).
    return (
        (subject and cues.near("caller_subject", text, s, e, NEAR, 0))
        or bool(cues("polite").match(text, s))
        or cues.near("conditional", text, s, e, BEFORE, 0)
        # The consequence of a condition set up earlier (如果超过一百六十瓦时就不行了).
        or (text[s - 1 : s] == "就" and cues.near("conditional", text, s, e, 3 * BEFORE, 0))
        or cues.near("conditional_after", text, s, e, 0, 2 * AFTER)
        or cues.sounds_at("polite", turn, s)
        or cues.sounds_near("conditional", turn, s, e, BEFORE, 0)
        or cues.sounds_near("conditional_after", turn, s, e, 0, 2 * AFTER)
    )


# Characters every refusal pattern shares: kept alone, they are no evidence of one (同步不了
# sounds like 补不了 only through the verb it does not keep).
_FUNCTION = frozenset("不了到没有我们这那也是的你您")


def _keeps_content(cues: Cues, hit: Hit, name: str = "refusal") -> bool:
    own = _own_chars(_expanded(cues, name), ())
    return any(ch in own and ch not in _FUNCTION for ch in hit.match)


class _Names:
    """What the caller said just after a naming word (我家狗叫没办法), by sound, as either side
    may be misheard: the agent repeating a name refuses nothing.

    A hit of n characters is a name when its keys occur within the n + 3 characters after a
    naming word in any caller turn, that is, start at one of the first 7 key codes there.
    Those stretches are gathered once per call and per n, so that each hit costs one set
    lookup rather than a search of every caller turn (quadratic in a long call)."""

    def __init__(self, cues: Cues, callers: list[Turn]) -> None:
        self._cues, self._callers = cues, callers
        self._heard: dict[int, set[str]] = {}

    @cached_property
    def _after(self) -> list[tuple[str, int]]:
        """Each naming word's end, as an offset into its turn's keys (looked for only once a
        hit asks: most calls have no refusal)."""
        naming = self._cues("naming")
        return [
            (turn.norm.keys, 2 * m.end())
            for turn in self._callers
            for m in naming.finditer(turn.norm.chars)
        ]

    def __call__(self, hit: Hit) -> bool:
        size = hit.end - hit.start
        heard = self._heard.get(size)
        if heard is None:
            heard = self._heard[size] = {
                keys[at + k : at + k + 2 * size]
                for keys, at in self._after
                # the window after the naming word: 2 * (size + 3) codes, cut at the turn's end
                for k in range(7)
                if k + 2 * size <= min(2 * (size + 3), len(keys) - at)
            }
        return hit.turn.norm.keys[2 * hit.start : 2 * hit.end] in heard


# What is banned wherever the agent says it (unless excused): a refusal, blaming or lecturing
# the caller, impatience. An inability or a referral is banned only left without a way on.
_OUTRIGHT = ("refusal", "blame", "impatience")
# Lists whose words are addressed to the caller: the caller as their subject excuses nothing.
_AT_CALLER = ("blame", "impatience")


def _next_agent_turn(turns: list[Turn], turn: Turn) -> str:
    later = next((t for t in turns if t.index > turn.index), None)
    return later.norm.chars if later else ""


def _unrouted(cues: Cues, hit: Hit, turns: list[Turn]) -> bool:
    """A referral (你去找商家吧) that gives the caller no concrete way to reach whoever it names:
    no number, transfer or place in this turn, none in the agent's next turn, no offer after."""
    channel, text = cues("channel"), hit.turn.norm.chars
    return not (
        channel.search(text)
        or cues("alternative").search(text, hit.end)
        or channel.search(_next_agent_turn(turns, hit.turn))
    )


def refusal(ctx: CallView, rule: Rule) -> Outcome:
    cues = Cues(ctx, rule)
    restate, alternative = cues("restate"), cues("alternative")
    found: list[Hit] = []
    heard: list[Hit] = []
    turns = ctx.by("agent")
    named = _Names(cues, ctx.by("caller"))
    sounds = ctx.phrases(rule.not_say)
    searched = [
        t for t in turns if not restate.search(t.norm.chars) and not cues.heard("restate", t)
    ]
    for turn in searched:
        text = turn.norm.chars
        hits = [
            h for name in _OUTRIGHT for h in _spans(cues(name), turn)
            if not _excused(cues, h, name not in _AT_CALLER)
        ]  # fmt: skip
        hits += [
            h for h in _spans(cues("inability"), turn)
            if not _excused(cues, h) and not alternative.search(text, h.end)
        ]  # fmt: skip
        hits += [
            h for h in _spans(cues("referral"), turn)
            if not _excused(cues, h) and _unrouted(cues, h, turns)
        ]  # fmt: skip
        opening = cues("blunt_start").match(text)
        if (
            opening
            and not alternative.search(text, opening.end())
            and not _excused(
                cues, Hit(turn, opening.start(), opening.end(), opening.group(), EXACT)
            )
        ):
            hits.append(Hit(turn, opening.start(), opening.end(), opening.group(), EXACT))
        hits = [h for h in hits if not named(h)]
        if hits and cues("restated").search(text):
            heard += hits  # a restatement whose 您是说 was misheard: the caller's words, maybe
            continue
        # A refusal found only through a homophone (you knead to relax) is for a person to hear.
        by_ear = [h for h in hits if turn.lang == "en" and respelt(turn.text, h.start, h.end)]
        heard += by_ear
        found += [h for h in hits if h not in by_ear]
    if found:
        return Outcome("fail", evidence=found, details={"path": "exact"})
    # No turn holds a refusal (had one, the rule would have failed on it, whatever was heard):
    # only now is each turn searched for one that a sound-alike suggests, for a person to hear.
    for turn in searched:
        heard += [
            h
            for h in sounds.hits(turn, ctx.floor(rule.match))
            if h.score < EXACT and ctx.strong(h, rule.match) and not _excused(cues, h)
        ]
        heard += [
            h for name in _OUTRIGHT for h in cues.by_sound(name, turn)
            if not _excused(cues, h, name not in _AT_CALLER) and _keeps_content(cues, h, name)
        ]  # fmt: skip
        heard += [
            h for h in cues.by_sound("inability", turn)
            if not _excused(cues, h) and _keeps_content(cues, h, "inability")
            and not alternative.search(turn.norm.chars, h.end)
        ]  # fmt: skip
    heard = [h for h in heard if not named(h)]
    if heard:
        path = "sound" if max(h.score for h in heard) >= PATTERN_BY_SOUND else "fuzzy"
        return Outcome("uncertain", evidence=heard, details={"path": path})
    return Outcome("pass", searched=turns, details={"path": "none"})


STRUCTURE_EVALUATORS: dict[str, Callable[[CallView, Rule], Outcome]] = {
    "time_commitment": time_commitment,
    "complaint_apology": complaint_apology,
    "refusal": refusal,
}
