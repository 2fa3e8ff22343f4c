"""Small pure helpers the templates use to show times, scores, rules and evidence."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ivr.review.registry import rule_ids, rule_title
from ivr.web.i18n import current_language

# Rule names come from the rule registry (the packs); the English ones are listed for the
# translation catalogue's tests.
RULE_NAMES = {rule: rule_title(rule, "en") for rule in rule_ids()}
SPEAKERS = {"agent": "Agent", "caller": "Caller"}


def clock(seconds: float | None) -> str:
    """12.3 -> "0:12"; 3725 -> "1:02:05"."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float | None) -> str:
    return "—" if seconds is None else clock(seconds)


def score_class(score: float | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 85 else "fair" if score >= 60 else "poor"


def rule_name(rule: str) -> str:
    """A rule's title, from its pack, in the page's language."""
    return rule_title(rule, current_language())


def speaker_name(speaker: str | None) -> str:
    return SPEAKERS.get(speaker or "", "Unknown")


def highlight(text: str | None, match: str | None) -> Markup:
    """The evidence text with the matched span marked (escaped: transcripts are user data).

    The checker reports the span normalised, without the spaces Vosk puts between words, so the
    span is looked for with any whitespace between its characters."""
    text = text or ""
    chars = [c for c in (match or "") if not c.isspace()]
    found = re.search(r"\s*".join(map(re.escape, chars)), text) if chars else None
    if found is None:
        return escape(text)
    start, end = found.span()
    return (
        escape(text[:start])
        + Markup("<mark>")
        + escape(text[start:end])
        + Markup("</mark>")
        + escape(text[end:])
    )
