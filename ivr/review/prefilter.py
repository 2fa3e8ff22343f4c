"""Skip searches that cannot succeed: one Aho-Corasick pass over a turn finds every literal the
pack's phrases and cue patterns need, and a pattern none of whose required literals the turn
contains is not run.

A pattern's required literals come from its parsed form: a set of strings one of which every
match contains (as Google's RE2 and codesearch prefilter regular expressions). Lookarounds,
anchors and optional parts require nothing, so leaving them out only makes the filter weaker,
never wrong: a gate says no only when the pattern has no match anywhere in the text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from operator import itemgetter

# re's own parser (what re.compile runs first): a stable structure since Python 3.11.
from re import _constants as sre
from re import _parser as sre_parse

import ahocorasick

# Up to this many strings a part's every possible match is listed; past it, only what a match
# must contain is kept.
_EXACT_LIMIT = 64
_INCASE = re.IGNORECASE
# An automaton match is (where it ends, the literal's id).
_value = itemgetter(1)
_KEYS = "\ue000"  # where sound keys' code points start (normalize._KEY_BASE)


@dataclass(frozen=True, slots=True)
class _Info:
    """What a regex part matches: exactly one of `exact`, or (exact None) something containing
    one of `factors`; neither (both None) says nothing."""

    exact: frozenset[str] | None = None
    factors: frozenset[str] | None = None

    def required(self) -> frozenset[str] | None:
        """Strings one of which every match contains; None when a match may contain none."""
        strings = self.exact if self.exact is not None else self.factors
        if strings is None or not strings or "" in strings:
            return None
        # A string containing another adds nothing: the shorter one occurs whenever it does.
        return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


_ANYTHING = _Info()
_EMPTY = _Info(exact=frozenset({""}))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Of two sets either of which every match satisfies, the one more texts fail: longer
    strings, then fewer of them."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _charset(items: list) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _EXACT_LIMIT:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a negated set, a category (\w), a wide range
            return _ANYTHING
    return _Info(exact=frozenset(chars)) if len(chars) <= _EXACT_LIMIT else _ANYTHING


def _concat(parts: Iterable[_Info]) -> _Info:
    run: frozenset[str] | None = frozenset({""})  # the exact strings of the latest parts
    best: frozenset[str] | None = None
    whole = True  # every part so far was listed exactly: so is their sequence
    for part in parts:
        exact = part.exact
        if run is not None and exact is not None and len(run) * len(exact) <= _EXACT_LIMIT:
            run = frozenset(a + b for a, b in product(run, exact))
            continue
        whole = False
        if run is not None:
            best = _better(best, _Info(exact=run).required())
        run = part.exact
        if run is None:
            best = _better(best, part.required())
    if whole:
        return _Info(exact=run)
    if run is not None:
        best = _better(best, _Info(exact=run).required())
    return _Info(factors=best) if best else _ANYTHING


def _branch(alternatives: list[_Info]) -> _Info:
    if all(a.exact is not None for a in alternatives):
        union = frozenset().union(*(a.exact for a in alternatives))  # type: ignore[misc]
        if len(union) <= _EXACT_LIMIT:
            return _Info(exact=union)
    factors: set[str] = set()
    for a in alternatives:
        required = a.required()
        if required is None:
            return _ANYTHING
        factors |= required
    return _Info(factors=frozenset(factors))


def _info(items: list) -> _Info:
    return _concat(_node(op, av) for op, av in items)


def _node(op: object, av: object) -> _Info:
    if op is sre.LITERAL:
        return _Info(exact=frozenset({chr(av)}))  # type: ignore[arg-type]
    if op is sre.IN:
        return _charset(av)  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        _, add_flags, _, items = av  # type: ignore[misc]
        return _ANYTHING if add_flags & _INCASE else _info(items)
    if op is sre.ATOMIC_GROUP:  # matches a subset of what its content matches
        return _info(av)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        return _branch([_info(items) for items in av[1]])  # type: ignore[index]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, items = av  # type: ignore[misc]
        inner = _info(items)
        if low == high == 1:
            return inner
        if high == 1 and inner.exact is not None:  # x?: x or nothing
            return _Info(exact=inner.exact | {""})
        # A repeat of unknown length: its text is not listed; at least once, it holds a match
        # of its content.
        required = inner.required() if low else None
        return _Info(factors=required) if required else _ANYTHING
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero width: they consume nothing
        return _EMPTY
    return _ANYTHING  # any character, a back reference: no literal is required


@lru_cache(maxsize=4096)
def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of the pattern contains, or None when there is no such
    set (a match may be any text)."""
    parsed = sre_parse.parse(pattern, flags)
    if (flags | parsed.state.flags) & _INCASE:
        return None
    return _info(list(parsed)).required()


# Per alternative of a pattern, strings every match of it contains one of, for each of its
# parts that requires one (all of them are needed).
Clauses = tuple[frozenset[str], ...]


@lru_cache(maxsize=4096)
def alternatives(pattern: str, flags: int = 0) -> tuple[Clauses, ...] | None:
    """The clauses of each top-level alternative of the pattern (a cue list is one alternation of
    its patterns), or None when an alternative requires nothing. A text can hold a match only
    where some alternative has a string of each of its clauses: one literal of the whole
    pattern (`required_literals`) is often a character that most turns have."""
    parsed = sre_parse.parse(pattern, flags)
    if (flags | parsed.state.flags) & _INCASE:
        return None
    out = []
    for items in _alternatives(list(parsed)):
        clauses = _clauses(items)
        if not clauses:
            return None
        out.append(clauses)
    return tuple(out)


def _alternatives(items: list) -> list[list]:
    """The top-level alternatives of a parsed pattern, through groups that hold only them."""
    if len(items) == 1:
        op, av = items[0]
        if op is sre.BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(branch)]
        if op is sre.SUBPATTERN and not av[1] & _INCASE:
            return _alternatives(av[3])
    return [items]


def _clauses(items: list) -> Clauses:
    """As `_concat`, keeping what every part requires rather than the best part's only."""
    clauses: list[frozenset[str] | None] = []
    run: frozenset[str] | None = frozenset({""})
    for part in (_node(op, av) for op, av in items):
        exact = part.exact
        if run is not None and exact is not None and len(run) * len(exact) <= _EXACT_LIMIT:
            run = frozenset(a + b for a, b in product(run, exact))
            continue
        if run is not None:
            clauses.append(_Info(exact=run).required())
        run = exact
        if run is None:
            clauses.append(part.required())
    if run is not None:
        clauses.append(_Info(exact=run).required())
    return tuple(dict.fromkeys(c for c in clauses if c))


class Literals:
    """Literals registered by the patterns and phrases that gate on them, found in a text by
    one automaton pass (remembered per text: a turn is searched by many rules)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        # The automaton and how many literals it knows, swapped as one.
        self._state: tuple[ahocorasick.Automaton | None, int] = (None, 0)
        self._found: dict[str, tuple[int, frozenset[int]]] = {}
        # Workers check calls in threads: registering and rebuilding happen under the lock;
        # readers take whichever automaton is current, and a text whose entry predates a
        # literal it is asked about is searched again.
        self._lock = threading.Lock()

    def register(self, literals: Iterable[str]) -> frozenset[int]:
        with self._lock:
            return frozenset(self._ids.setdefault(s, len(self._ids)) for s in literals)

    def found(self, text: str, need: int) -> frozenset[int]:
        """Ids of the registered literals occurring in `text`; `need`: the highest id the
        caller asks about."""
        entry = self._found.get(text)
        if entry is not None and entry[0] > need:
            return entry[1]
        automaton, built = self._current()
        ids = frozenset(map(_value, automaton.iter(text))) if built else frozenset()
        if len(self._found) > 16384:  # a long-running process sees endless new texts
            self._found.clear()
        self._found[text] = (built, ids)
        return ids

    def _current(self) -> tuple[ahocorasick.Automaton, int]:
        state = self._state
        if state[1] == len(self._ids):
            return state  # type: ignore[return-value]
        with self._lock:
            automaton = ahocorasick.Automaton()
            for literal, i in self._ids.items():
                automaton.add_word(literal, i)
            if self._ids:
                automaton.make_automaton()
            state = self._state = (automaton, len(self._ids))
        return state  # type: ignore[return-value]


LITERALS = Literals()


@dataclass(frozen=True, slots=True)
class Gate:
    """Whether a text can hold a match: some of `ids` (the required literals) occur in it.
    Without ids (nothing is required), every text can."""

    ids: frozenset[int] | None
    top: int = -1  # the highest id the gate asks about
    # Where `ids` let a text through, the alternatives (`alternatives`) decide: each a mask of
    # clause bits, all of which the text must have; a clause's bit is set by any of its
    # literals (`bits`, by literal id, for the literals in `clause_ids`).
    alts: tuple[int, ...] | None = None
    bits: dict[int, int] | None = field(default=None, compare=False)
    clause_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, literals: Iterable[str] | None, alts: tuple[Clauses, ...] | None = None) -> Gate:
        if literals is None:
            return cls(None)
        ids = LITERALS.register(literals)
        if alts is None or (len(alts) < 2 and len(alts[0]) < 2):
            return cls(ids, max(ids, default=-1))  # one clause: `ids` say all
        clauses = list(dict.fromkeys(c for clauses in alts for c in clauses))
        bits: dict[int, int] = {}
        for bit, clause in enumerate(clauses):
            for i in LITERALS.register(clause):
                bits[i] = bits.get(i, 0) | 1 << bit
        masks = tuple(sum(1 << clauses.index(c) for c in set(a)) for a in alts)
        top = max(ids | bits.keys(), default=-1)
        return cls(ids, top, masks, bits, frozenset(bits))

    def open(self, text: str) -> bool:
        ids = self.ids
        if ids is None:
            return True
        # Asked hundreds of times a call: a text already searched is read from the memo here.
        entry = LITERALS._found.get(text)
        found = entry[1] if entry is not None and entry[0] > self.top else self.found(text)
        if ids.isdisjoint(found):
            return False
        if self.alts is None:
            return True
        bits = self.bits
        have = 0
        for i in self.clause_ids.intersection(found):
            have |= bits[i]  # type: ignore[index]
        lacking = ~have
        return any(not alt & lacking for alt in self.alts)

    def found(self, text: str) -> frozenset[int]:
        """Which registered literals occur in the text (at least all of this gate's)."""
        return LITERALS.found(text, self.top)


# Gates by compiled pattern, keyed by identity: hashing a pattern hashes its whole compiled
# program, each time. The pattern is kept beside its gate, so its id is not reused.
_GATES: dict[int, tuple[re.Pattern[str], Gate]] = {}


def gate(pattern: re.Pattern[str]) -> Gate:
    """The gate of a compiled pattern (compiled patterns are cached and shared: so are gates)."""
    entry = _GATES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        if len(_GATES) > 4096:  # patterns compiled for departments' overrides come and go
            _GATES.clear()
        required = required_literals(pattern.pattern, pattern.flags)
        # On sound keys every literal is a syllable, which the alternatives narrow no better.
        keys = any(ch >= _KEYS for ch in pattern.pattern)
        alts = None if keys else alternatives(pattern.pattern, pattern.flags)
        entry = _GATES[id(pattern)] = (pattern, Gate.of(required, alts))
    return entry[1]


def can_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only where the pattern has no match in the text (its gate is closed)."""
    entry = _GATES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        return gate(pattern).open(text)
    return entry[1].open(text)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, without running the pattern where it cannot match."""
    return pattern.finditer(text) if can_match(pattern, text) else iter(())


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)`, without running the pattern where it cannot match."""
    return pattern.search(text) if can_match(pattern, text) else None
