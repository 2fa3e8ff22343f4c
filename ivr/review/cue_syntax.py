"""The pattern language of the rule packs' cue lists and time patterns: regular expressions
written in characters, with {class} names for the pack's word classes (`{num}+个?工作日`),
{list} names for another of the rule's cue lists, {m,n} quantifiers and backslash escapes kept
as written. Turned here into Python regular expressions, on the recognised characters or, for
Mandarin, on the sound keys (the caller passes how a text is spelt in either).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

# A {class} name, a {m,n} quantifier or an escape (kept as written), or one character.
_TOKEN = re.compile(r"\{([A-Za-z_]\w*)\}|(\{\d+(?:,\d*)?\}|\\.)|(.)", re.S)

# What a recogniser of a language written in words may put between any two words of a phrase:
# a hesitation (I, uh, don't know). One group, so a quantifier after the space (rip ?off)
# applies to all of it.
_BETWEEN = r"(?: (?:(?:uh|um) )?)"


def expand(pattern: str, lists: Mapping[str, Sequence[str]]) -> str:
    """The pattern with each {name} of another of the rule's cue lists standing for any of
    its patterns."""
    for name, patterns in lists.items():
        if "{" + name + "}" in pattern:
            inner = "|".join(expand(p, lists) for p in patterns)
            pattern = pattern.replace("{" + name + "}", f"(?:{inner})")
    return pattern


def translate(
    pattern: str,
    classes: Mapping[str, Sequence[str]],
    spell: Callable[[str], str],
    on_keys: bool = False,
) -> str:
    """The regular expression of a pack pattern. `spell`: a text as the searched strings spell
    it (its normalised characters, or its sound keys when `on_keys`)."""

    def literal(text: str) -> str:
        spelt = spell(text)
        # One group where it spells as several characters: a quantifier after it takes them all.
        return re.escape(spelt) if len(spelt) == 1 else f"(?:{re.escape(spelt)})"

    out: list[str] = []
    members: list[str] | None = None  # the characters of an open [set]
    for name, verbatim, char in _TOKEN.findall(pattern):
        if members is not None and char != "]":
            members.append(char or verbatim)
        elif members is not None:
            out.append(_set(members, spell, on_keys))
            members = None
        elif name:
            if name not in classes:
                known = ", ".join(classes) or "none"
                raise ValueError(f"no word class {{{name}}} (the pack's classes: {known})")
            out.append("(?:" + "|".join(literal(w) for w in classes[name]) + ")")
        elif verbatim:
            out.append(verbatim)
        elif char == "[":
            members = []
        elif char.isalnum():
            out.append(literal(char))
        else:
            out.append(char)
    return "".join(out)


def _set(members: list[str], spell: Callable[[str], str], on_keys: bool) -> str:
    """A [set] of characters. On sound keys each character is two codes, so the set is an
    alternation of its members' keys (a class of codes would take 午 for 五 by one code)."""
    negated = members[:1] == ["^"]
    members = members[negated:]
    if not on_keys:
        inner = "".join(re.escape(spell(c)) if c.isalnum() else c for c in members)
        return "[" + "^" * negated + inner + "]"
    chars = set(members) - {"-"}
    for i in range(1, len(members) - 1):  # a range a-z: its every character
        if members[i] == "-":
            chars.update(map(chr, range(ord(members[i - 1]), ord(members[i + 1]) + 1)))
    alternatives = "|".join(sorted({re.escape(spell(c)) for c in chars} - {""}))
    return f"(?!{alternatives})(?:..)" if negated else f"(?:{alternatives})"


def whole_words(regex: str) -> str:
    """A translated pattern matching whole words only ("will" is not in "willing"), each space
    between its words open to a hesitation."""
    return rf"(?<!\w)(?:{_hesitant(regex)})(?!\w)"


def _hesitant(regex: str) -> str:
    """The regular expression with each space that separates its words (not one inside a
    lookbehind, which must keep its width, nor in a character set) open to a hesitation."""
    out, depth, behind, in_set, i = [], 0, [], False, 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            out.append(regex[i : i + 2])
            i += 2
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
        elif ch == "(":
            depth += 1
            if regex.startswith(("(?<!", "(?<="), i):
                behind.append(depth)
        elif ch == ")":
            if behind and behind[-1] == depth:
                behind.pop()
            depth -= 1
        elif ch == " " and not behind:
            out.append(_BETWEEN)
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)
