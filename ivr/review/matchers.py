"""The few generic matchers every rule is built from: find a phrase (exactly, by sound, or
fuzzily) in a turn, find a pattern such as a concrete time, and report the nearest candidate when
nothing is found. Turns are what the matchers search: one speaker's consecutive utterances.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, reduce
from itertools import accumulate
from operator import or_

from rapidfuzz import fuzz, process

from ivr.review import prefilter
from ivr.review.cue_syntax import translate
from ivr.review.normalize import Norm, clean, joiner, normalize, spelling
from ivr.review.rules import Thresholds
from ivr.review.words import align_words, keeps_words, similarity, sound
from ivr.transcript import Transcript, Utterance, Word

EXACT, HOMOPHONE, PATTERN_BY_SOUND = 1.0, 0.95, 0.9
Span = tuple[int, int, str, float]  # start, end (characters), phrase, score


@dataclass(frozen=True, eq=False)
class Turn:
    """Consecutive utterances of one speaker, with a time and recogniser confidence per
    normalised character (worked out when first asked for: most turns never are)."""

    index: int
    speaker: str
    start: float
    end: float
    text: str
    norm: Norm
    run: tuple[Utterance, ...]
    lang: str

    @cached_property
    def times(self) -> tuple[tuple[float, float, float], ...]:
        times: list[tuple[float, float, float]] = []
        gap, end = joiner(self.lang), self.run[0].end
        for u in self.run:
            norm = normalize(u.text, self.lang)
            conf = 1.0 if u.confidence is None else u.confidence
            if times and norm.chars:
                times += [(end, u.start, conf)] * len(gap.chars)
            if norm.chars:
                times += _char_times(u.text, u.words, u.start, u.end, conf, self.lang)
            end = max(end, u.end)
        return tuple(times)

    def span_time(self, start: int, end: int) -> tuple[float, float]:
        """When the characters start..end were said."""
        if not self.times:
            return self.start, self.end
        last = len(self.times) - 1  # a span may reach past the timed characters
        first, final = min(start, last), min(max(start, end - 1), last)
        return self.times[first][0], self.times[final][1]

    @cached_property
    def confidences(self) -> tuple[float, ...]:
        """The recogniser's confidence per normalised character, as `times` has it, without
        working out when each character was said: most turns are only asked how sure it was."""
        confs: list[float] = []
        gap = len(joiner(self.lang).chars)
        for u in self.run:
            norm = normalize(u.text, self.lang)
            conf = 1.0 if u.confidence is None else u.confidence
            if confs and norm.chars:
                confs += [conf] * gap
            if norm.chars:
                confs += _char_confidences(u.text, u.words, conf, self.lang)
        return tuple(confs)

    def span_confidence(self, start: int, end: int) -> float:
        confs = self.confidences[start : max(start + 1, end)]
        return sum(confs) / len(confs) if confs else 1.0


@dataclass(frozen=True, slots=True)
class Hit:
    turn: Turn
    start: int
    end: int
    phrase: str
    score: float

    @property
    def match(self) -> str:
        return self.turn.norm.chars[self.start : self.end]

    @property
    def asr_confidence(self) -> float:
        return self.turn.span_confidence(self.start, self.end)

    def overlaps(self, other: Hit, margin: int = 0) -> bool:
        return (
            self.turn.index == other.turn.index
            and other.start < self.end + margin
            and self.start - margin < other.end
        )


_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]+")


def _spelled_plainly(chars: str, words: Sequence[Word], lang: str) -> bool:
    """The words spell the utterance's normalised characters in plain ideographs, as Vosk
    writes Mandarin: each word is its own normal form and gives one character per character
    it has, so it need not be normalised on its own."""
    return (
        lang == "zh"
        and bool(words)
        and _IDEOGRAPHS.fullmatch(chars) is not None
        and "".join(w.word for w in words) == chars
    )


def _char_times(
    text: str, words: Sequence[Word], start: float, end: float, conf: float, lang: str
) -> list[tuple[float, float, float]]:
    chars = clean(text, lang)
    if _spelled_plainly(chars, words, lang):
        return [(w.start, w.end, w.conf) for w in words for _ in w.word]
    if words:
        times: list[tuple[float, float, float]] = []
        for w in words:
            if lang != "zh" and times:
                times.append((times[-1][1], w.start, w.conf))  # the space between words
            times += [(w.start, w.end, w.conf)] * len(clean(w.word, lang))
        if len(times) == len(chars):
            return times
    step = (end - start) / max(len(chars), 1)
    return [(start + i * step, start + (i + 1) * step, conf) for i in range(len(chars))]


def _char_confidences(text: str, words: Sequence[Word], conf: float, lang: str) -> list[float]:
    """The confidences of `_char_times`, and nothing else."""
    chars = clean(text, lang)
    if _spelled_plainly(chars, words, lang):
        return [w.conf for w in words for _ in w.word]
    size = len(chars)
    if words:
        confs: list[float] = []
        for w in words:
            if lang != "zh" and confs:
                confs.append(w.conf)  # the space between words
            confs += [w.conf] * len(clean(w.word, lang))
        if len(confs) == size:
            return confs
    return [conf] * size


def build_turns(transcript: Transcript, lang: str, split_gap: float) -> list[Turn]:
    """Merge consecutive utterances of one speaker, unless a long silence separates them (an
    agent coming back from a hold starts a new turn). Each turn is built once from its run of
    utterances, so a long monologue costs no more than its length."""
    runs: list[list[Utterance]] = []
    run_end = 0.0
    for u in sorted(transcript.utterances, key=lambda u: u.start):
        if runs and runs[-1][-1].speaker == u.speaker and u.start - run_end < split_gap:
            runs[-1].append(u)
            run_end = max(run_end, u.end)
        else:
            runs.append([u])
            run_end = u.end
    turns: list[Turn] = []
    gap = joiner(lang)
    for run in runs:
        norms = [n for n in (normalize(u.text, lang) for u in run) if n.chars]
        if norms:
            chars = gap.chars.join(n.chars for n in norms)
            keys = gap.keys.join(n.keys for n in norms)
            text = " ".join(u.text for u in run)
            end = max(u.end for u in run)
            turns.append(
                Turn(len(turns), run[0].speaker, run[0].start, end, text, Norm(chars, keys),
                     tuple(run), lang)
            )  # fmt: skip
    return turns


def sound_span(norm: Norm, phrase: str, p: Norm) -> Span | None:
    """Where the phrase's characters, or failing them its sound keys, first occur in the turn:
    exact, or a homophone keeping some of the phrase's own characters."""
    at = norm.keys.find(p.keys)
    while at >= 0 and at % 2:  # keys come in pairs; a match must start on one
        at = norm.keys.find(p.keys, at + 1)
    if at < 0:
        return None
    start = at // 2
    exact = norm.chars.startswith(p.chars, start) or p.chars in norm.chars
    if exact:
        start = norm.chars.find(p.chars)
    elif not keeps_own(p.chars, norm.chars[start : start + len(p.chars)]):
        return None  # sounds alike, shares nothing: 之前 is not 致歉
    return (start, start + len(p.chars), phrase, EXACT if exact else HOMOPHONE)


class Phrases:
    """A compiled phrase list: each phrase normalised once."""

    def __init__(self, phrases: Iterable[str], lang: str, thresholds: Thresholds) -> None:
        self.items = [(p, normalize(p, lang)) for p in dict.fromkeys(phrases) if clean(p, lang)]
        self.thresholds = thresholds
        # A language written in words (not Chinese): phrases match whole words only.
        self.words = bool(joiner(lang).chars)
        self._fuzzy = [(p, n) for p, n in self.items if len(n.chars) >= thresholds.min_fuzzy_chars]
        self._fuzzy_keys = [n.keys for _, n in self._fuzzy]
        self._word_needles = [tuple(n.chars.split(" ")) for _, n in self._fuzzy]
        self._needles = [Needle.of(n.keys) for _, n in self._fuzzy]
        self._all_needles = [Needle.of(n.keys) for _, n in self.items]  # for `nearest`
        # What keeps_own and bound ask of a match, asked of the whole turn, as bit operations
        # (see Bits): per phrase, its characters' bits and how many it must keep, its
        # syllables' bits (None if it repeats one: `bound` weighs those by their count).
        self._bits = [
            (BITS.of(set(n.chars)), _own_needed(n.chars),
             BITS.of(needle.distinct, syllables=True) if needle.size == len(needle.distinct)
             else None)
            for (_, n), needle in zip(self._fuzzy, self._needles, strict=True)
        ]  # fmt: skip
        self._top_bit = max((m for own, _, syl in self._bits for m in (own, syl or 0)), default=0)
        # Every character of the list's fuzzy phrases: a turn with none of them has no match.
        self._any_own = reduce(or_, (own for own, _, _ in self._bits), 0)
        # Each phrase's keys as a literal: one pass over a turn says which of them occur.
        self._keys_gate = prefilter.Gate.of([n.keys for _, n in self.items])
        self._key_ids = [min(prefilter.LITERALS.register([n.keys])) for _, n in self.items]
        # Keyed by the characters (the keys follow from them): a str hashes once, a Norm
        # each time it is looked up.
        self._exact_memo: dict[str, list[Span]] = {}
        self._fuzzy_memo: dict[tuple[str, float], list[Span]] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    # The memos are shared by threads checking calls at once, and one may clear them
    # meanwhile: each lookup keeps its own result rather than reading the memo back.
    def _exact(self, norm: Norm) -> list[Span]:
        spans = self._exact_memo.get(norm.chars)
        if spans is None:
            if len(self._exact_memo) > 4096:  # a long-running process sees endless new texts
                self._exact_memo.clear()
                self._fuzzy_memo.clear()
            # Most turns hold none of a list's phrases: one set operation says so.
            found = self._keys_gate.found(norm.keys)
            present = self._keys_gate.ids.intersection(found)  # type: ignore[union-attr]
            spans = [] if not present else self._exact_spans(norm, present)
            self._exact_memo[norm.chars] = spans
        return spans

    def _exact_spans(self, norm: Norm, present: frozenset[int]) -> list[Span]:
        spans = []
        for (phrase, p), key_id in zip(self.items, self._key_ids, strict=True):
            if key_id not in present:
                continue  # its keys are nowhere in the turn
            if self.words:  # the characters are the sound: whole words or nothing
                at = find_words(norm.chars, p.chars)
                if at >= 0:
                    spans.append((at, at + len(p.chars), phrase, EXACT))
                continue
            if span := sound_span(norm, phrase, p):
                spans.append(span)
        return spans

    def _fuzzy_span(self, norm: Norm, index: int, floor: float) -> Span | None:
        phrase, p = self._fuzzy[index]
        # Align only around the region the C-speed search points at, a phrase length each side.
        region = fuzz.partial_ratio_alignment(p.keys, norm.keys)
        size = len(p.chars) + 2
        lo = 0 if region is None else max(0, region.dest_start // 2 - size)
        hi = len(norm.chars) if region is None else region.dest_end // 2 + size
        hay = norm.keys[2 * lo : 2 * hi]
        if bound(self._needles[index], sounds(hay)) < floor or not keeps_own(
            p.chars, norm.chars[lo:hi]
        ):
            return None  # cannot align well enough anywhere in the region
        score, start, end = align(p.keys, hay)
        found = norm.chars[start + lo : end + lo]
        if score < floor or not keeps_own(p.chars, found):
            return None
        return (start + lo, end + lo, phrase, score)

    def _fuzzy_spans(self, norm: Norm, found: set[str], floor: float | None) -> list[Span]:
        floor = max(floor or 0.0, self.thresholds.weak)
        spans = self._fuzzy_memo.get((norm.chars, floor))
        if spans is None:
            # A match keeps some of its phrase's characters and cannot score above what the
            # turn's syllables allow: most phrases are out before any fuzzy scoring. Then a
            # cheap C-speed bound, best first (as process.extract ranks); the syllable
            # alignment only for likely candidates.
            if self.words:
                spans = self._fuzzy_memo[norm.chars, floor] = self._word_spans(norm.chars, floor)
                return [span for span in spans if span[2] not in found]
            keys = norm.keys
            have_chars, have, close = BITS.turn(norm.chars, keys, self._top_bit)
            if not self._any_own & have_chars:
                self._fuzzy_memo[norm.chars, floor] = []
                return []
            far = ~close
            cutoff = max(0.0, self.thresholds.weak * 100 - 10)
            scored = [
                (score, i)
                for i, (own, needed, syllables) in enumerate(self._bits)
                if (own & have_chars).bit_count() >= needed
                and (
                    bound(self._needles[i], turn_sounds(keys))
                    if syllables is None
                    else _bound_of(syllables & ~have, far, self._needles[i].size)
                )
                >= floor
                for score in (fuzz.partial_ratio(keys, self._fuzzy_keys[i], score_cutoff=cutoff),)
                if score >= cutoff
            ]
            scored.sort(key=lambda candidate: -candidate[0])  # stable: ties in list order
            aligned = (self._fuzzy_span(norm, i, floor) for _, i in scored)
            spans = self._fuzzy_memo[norm.chars, floor] = [span for span in aligned if span]
        return [span for span in spans if span[2] not in found]

    def _word_spans(self, chars: str, floor: float) -> list[Span]:
        """Phrases heard word by word by sound (words.py): each keeps one of its own words."""
        words = tuple(chars.split(" "))
        heard = {*words, *map(sound, words)}
        starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0))
        spans = []
        for (phrase, _), needle in zip(self._fuzzy, self._word_needles, strict=True):
            if not any(w in heard or sound(w) in heard for w in needle):
                continue  # nothing of it was heard
            score, first, last = align_words(needle, words)
            kept = keeps_words(needle, words[first:last])
            if score < floor or kept is False or (kept is None and floor > self.thresholds.weak):
                continue
            if kept is None:  # its content words not heard: a sound-alike at best
                score = self.thresholds.weak
            end = starts[last - 1] + len(words[last - 1])
            spans.append((starts[first], end, phrase, min(score, HOMOPHONE)))
        spans.sort(key=lambda span: -span[3])
        return spans

    def hits(self, turn: Turn, floor: float | None = None) -> list[Hit]:
        """Every phrase found in the turn (exactly, by sound, or fuzzily above `weak`). A caller
        that has no use for fuzzy hits scoring below `floor` says so: they are not looked for."""
        exact = self._exact(turn.norm)
        found = {s[2] for s in exact}
        spans = exact + self._fuzzy_spans(turn.norm, found, floor) if self._fuzzy else exact
        return [Hit(turn, *span) for span in spans]

    def said(self, turn: Turn) -> list[Hit]:
        """Phrases said in the turn in their own characters (no search by sound or fuzzily)."""
        return [Hit(turn, *span) for span in self._exact(turn.norm) if span[3] >= EXACT]

    def homophones(self, turn: Turn) -> list[Hit]:
        """Phrases whose sound keys appear in the turn without their characters (a cheap exact
        search on keys; no fuzzy alignment)."""
        return [Hit(turn, *span) for span in self._exact(turn.norm) if span[3] < EXACT]

    def best(self, turns: Iterable[Turn], floor: float | None = None) -> Hit | None:
        """The strongest hit in any of the turns (fuzzy matching only where nothing matched
        exactly or by sound, and as `hits` with `floor`)."""
        best: Hit | None = None
        for turn in turns:
            exact = self._exact(turn.norm)
            candidates = [Hit(turn, *span) for span in exact] if exact else self.hits(turn, floor)
            for hit in candidates:
                if best is None or hit.score > best.score:
                    best = hit
            if best and best.score >= EXACT:
                break
        return best

    def anchored(self, turn: Turn, where: str) -> Hit | None:
        """The best phrase at the start or end of a turn, short phrases fuzzily too."""
        best: Hit | None = None
        for phrase, norm in self.items:
            if self.words:  # as many whole words as the phrase has: "ri" of riverline is no "hi"
                hit = self._anchored_words(turn, where, phrase, norm.chars)
                best = hit if best is None or hit.score > best.score else best
                continue
            size = 2 * (len(norm.chars) + 1)
            hay = turn.norm.keys[:size] if where == "start" else turn.norm.keys[-size:]
            offset = 0 if where == "start" else len(turn.norm.chars) - len(hay) // 2
            score, start, end = align(norm.keys, hay)
            if best is None or score > best.score:
                best = Hit(turn, start + offset, end + offset, phrase, score)
        return best

    @staticmethod
    def _anchored_words(turn: Turn, where: str, phrase: str, chars: str) -> Hit:
        needle, words = tuple(chars.split(" ")), tuple(turn.norm.chars.split(" "))
        edge = words[: len(needle)] if where == "start" else words[-len(needle) :]
        hay = " ".join(edge)
        start = 0 if where == "start" else len(turn.norm.chars) - len(hay)
        # A short phrase of more words keeps what makes it the phrase: "you now" is no "bye now".
        kept = len(needle) == 1 or keeps_words(needle, edge) is not False
        kept = kept and (len(needle) > 2 or keeps_words(needle, edge) is not None)
        return Hit(turn, start, start + len(hay), phrase, similarity(needle, edge) if kept else 0.0)

    def nearest(self, turns: Iterable[Turn], candidates: int = 3) -> Hit | None:
        """The closest thing to any phrase, however weak: what a reviewer should listen to.
        Only the few phrases the C-speed search ranks first are aligned syllable by syllable."""
        best: Hit | None = None
        keys = [n.keys for _, n in self.items]
        for turn in turns:
            ranked = process.extract(
                turn.norm.keys, keys, scorer=fuzz.partial_ratio, limit=candidates
            )
            for _, _, i in ranked:
                phrase, norm = self.items[i]
                if (
                    best is not None
                    and bound(self._all_needles[i], turn_sounds(turn.norm.keys)) <= best.score
                ):
                    continue  # cannot align better than the best so far: not aligned
                score, start, end = align(norm.keys, turn.norm.keys)
                if best is None or score > best.score:
                    best = Hit(turn, start, end, phrase, score)
        return best


def keeps_own(phrase: str, found: str) -> bool:
    """A match by sound keeps some of the phrase's own characters (one in three, at least one):
    a sound alone is no evidence that a phrase was said."""
    return len(set(phrase) & set(found)) >= _own_needed(phrase)


def _own_needed(phrase: str) -> int:
    return max(1, len(phrase) // 3)


def find_words(text: str, phrase: str, start: int = 0) -> int:
    """Where `phrase` first occurs in `text` as whole words ("hi" is not in "this"), or -1."""
    at = text.find(phrase, start)
    while at >= 0:
        end = at + len(phrase)
        if (not at or text[at - 1] == " ") and (end == len(text) or text[end] == " "):
            return at
        at = text.find(phrase, at + 1)
    return -1


def align(needle: str, hay: str) -> tuple[float, int, int]:
    """Best match of `needle` anywhere in `hay` (both sound keys, two codes a character): the
    approximate-substring edit distance (Sellers) over syllables, as a score 0-1 with the
    character span it covers. Substituting a syllable that sounds alike is free, one sharing its
    initial or final (你/您, 是/四) costs half, any other edit one."""
    m = len(needle) // 2
    if not m or not hay:
        return 0.0, 0, 0
    columns = _columns(needle)
    # Distances in half-edits, so they stay small integers; a column's costs per hay syllable
    # are worked out once per needle.
    prev, prev_start = list(range(0, 2 * m + 1, 2)), [0] * (m + 1)
    best, best_start, best_end = prev[m], 0, 0
    for j in range(1, len(hay) // 2 + 1):
        syl = hay[2 * j - 2 : 2 * j]
        costs = columns.get(syl) or _column(needle, syl, columns)
        left, left_start = 0, j
        cur, cur_start = [0], [j]
        for diagonal, up, diagonal_start, up_start, cost in zip(
            prev, prev[1:], prev_start, prev_start[1:], costs, strict=False
        ):
            cost += diagonal
            start = diagonal_start
            if up + 2 < cost:
                cost, start = up + 2, up_start
            if left + 2 < cost:
                cost, start = left + 2, left_start
            cur.append(cost)
            cur_start.append(start)
            left, left_start = cost, start
        if left < best:
            best, best_start, best_end = left, left_start, j
            if not best:
                break  # nothing later is strictly better than an exact match
        prev, prev_start = cur, cur_start
    return max(0.0, 1 - best / 2 / m), best_start, best_end


Sounds = tuple[frozenset[str], frozenset[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class Needle:
    """A phrase's syllables as `bound` reads them: each distinct syllable and how often."""

    size: int
    counts: dict[str, int]
    distinct: frozenset[str]

    @classmethod
    def of(cls, keys: str) -> Needle:
        syllables = [keys[i : i + 2] for i in range(0, len(keys), 2)]
        counts = {x: syllables.count(x) for x in syllables}
        return cls(len(syllables), counts, frozenset(counts))


_SYLLABLE = re.compile("..", re.DOTALL)  # keys come in pairs: a syllable's initial and final


def sounds(keys: str) -> Sounds:
    """The syllables, initials and finals that occur in a text's keys."""
    return (
        frozenset(_SYLLABLE.findall(keys)),
        frozenset(keys[::2]),
        frozenset(keys[1::2]),
    )


@lru_cache(maxsize=1024)
def turn_sounds(keys: str) -> Sounds:
    """`sounds` of a turn, worked out once for all the phrase lists searched in it."""
    return sounds(keys)


def _bound_of(lacked: int, far: int, size: int) -> float:
    """`bound` of a phrase without repeated syllables from the bits of those the turn lacks
    (`far`: the syllables sharing neither initial nor final with the turn)."""
    return max(0.0, 1 - (lacked.bit_count() + (lacked & far).bit_count()) / 2 / size)


def bound(needle: Needle, hay: Sounds) -> float:
    """An upper bound of align's score of the needle anywhere in a hay with these sounds: each
    syllable costs nothing if the hay has it, half an edit if the hay has its initial or final,
    else one. Only the syllables the hay lacks are looked at."""
    if not needle.size:
        return 0.0
    heard, initials, finals = hay
    least = sum(
        needle.counts[x] * (1 if x[0] in initials or x[1] in finals else 2)
        for x in needle.distinct - heard
    )
    return max(0.0, 1 - least / 2 / needle.size)


class Bits:
    """Syllables, initials, finals and characters of the phrases as bits of one number, so that
    what a turn has of a phrase is an AND: `bound` and the own-character test of a phrase in a
    turn without a loop over its syllables. Bits are given once and never change; a turn's
    bits are worked out once for every phrase list searched in it, as the union of its
    characters' bits (a character always reads as one syllable), which are worked out once."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}
        # An initial, a final: the bits of the syllables that have it.
        self._initials: dict[str, int] = {}
        self._finals: dict[str, int] = {}
        self._turns: dict[str, tuple[int, tuple[int, int, int]]] = {}
        # Each character's bits as `turn` returns them for a turn of that one character,
        # packed into one number (its own bits, then its syllable's, then those of the
        # syllables sharing an initial or final, each field as wide as the bits given), so that
        # a turn's bits are one OR in C over its characters; with how many bits had been given
        # (the fields' width), which a new bit makes stale.
        self._packed: tuple[dict[str, int], int] = ({}, 0)
        self._lock = threading.Lock()

    def of(self, items: Iterable[str], syllables: bool = False) -> int:
        with self._lock:
            mask = 0
            for x in items:
                bit = self._bits.get(x)
                if bit is None:
                    bit = self._bits[x] = 1 << len(self._bits)
                    if syllables:
                        self._initials[x[0]] = self._initials.get(x[0], 0) | bit
                        self._finals[x[1]] = self._finals.get(x[1], 0) | bit
                mask |= bit
            return mask

    def turn(self, chars: str, keys: str, top: int) -> tuple[int, int, int]:
        """The bits of the characters and syllables a turn has, and of the syllables sharing an
        initial or a final with it (lacking one of those costs half an edit, not one); `top`:
        the highest bit the caller asks about (a turn seen before it was given is seen again)."""
        entry = self._turns.get(chars)
        if entry is not None and entry[0] > top:
            return entry[1]
        table, given = self._table()
        seen = set(chars)
        for char in seen.difference(table):
            at = 2 * chars.index(char)
            table[char] = self._pack(char, keys[at : at + 2], given)
        packed = reduce(or_, map(table.__getitem__, seen), 0)
        field = (1 << given) - 1
        bits = (packed & field, packed >> given & field, packed >> 2 * given)
        if len(self._turns) > 4096:  # a long-running process sees endless new texts
            self._turns.clear()
        self._turns[chars] = (1 << given, bits)
        return bits

    def _table(self) -> tuple[dict[str, int], int]:
        """The packed characters' table for the bits given now (read before the bits: a bit
        given meanwhile is not claimed)."""
        table = self._packed
        given = len(self._bits)
        if table[1] != given or len(table[0]) > 65536:  # more than all characters in use
            table = self._packed = ({}, given)
        return table

    def _pack(self, char: str, key: str, given: int) -> int:
        """One character's bits, packed: its own, its syllable's, those of the syllables
        sharing its syllable's initial or final (each cut to the `given` bits)."""
        field = (1 << given) - 1
        near = self._initials.get(key[0], 0) | self._finals.get(key[1], 0)
        own, syllable = self._bits.get(char, 0), self._bits.get(key, 0)
        return (own & field) | (syllable & field) << given | (near & field) << 2 * given


BITS = Bits()


@lru_cache(maxsize=4096)
def _columns(needle: str) -> dict[str, tuple[int, ...]]:
    return {}


def _column(needle: str, syl: str, columns: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    """What substituting `syl` for each syllable of the needle costs, in half-edits."""
    if len(columns) > 4096:  # a needle meets a bounded set of syllables; stay bounded anyway
        columns.clear()
    costs = columns[syl] = tuple(
        0
        if needle[i : i + 2] == syl
        else 1
        if needle[i] == syl[0] or needle[i + 1] == syl[1]
        else 2
        for i in range(0, len(needle), 2)
    )
    return costs


class Patterns:
    """Regular expressions written in characters with {class} names (`{num}+个?工作日`), run on
    the characters and, for misrecognised homophones, on the sound keys."""

    def __init__(self, patterns: Iterable[str], classes: dict[str, list[str]], lang: str) -> None:
        chars, keys = spelling(lang), spelling(lang, on_keys=True)
        # Sound keys only mean something for Chinese; elsewhere the characters are the sound.
        self.items = [
            (p, re.compile(translate(p, classes, chars)),
             re.compile(translate(p, classes, keys, on_keys=True)) if lang == "zh" else None)
            for p in patterns
        ]  # fmt: skip
        # Any of the patterns can match the keys only where one of them can.
        literals = [prefilter.required_literals(k.pattern, k.flags) for _, _, k in self.items if k]
        self.keys_gate = prefilter.Gate.of(
            None if None in literals else frozenset().union(*literals)  # type: ignore[arg-type]
        )

    def best(self, turns: Iterable[Turn]) -> Hit | None:
        best: Hit | None = None
        for turn in turns:
            for pattern, by_chars, by_keys in self.items:
                if m := prefilter.search(by_chars, turn.norm.chars):
                    return Hit(turn, m.start(), m.end(), pattern, EXACT)
                m = prefilter.search(by_keys, turn.norm.keys) if by_keys else None
                if m and m.start() % 2 == 0 and best is None:
                    start, end = turn.norm.span(m.start(), m.end())
                    best = Hit(turn, start, end, pattern, PATTERN_BY_SOUND)
        return best
