"""Small pure helpers the templates use to show times, scores, rules and evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ivr.errors import IvrError
from ivr.review.registry import rule_title
from ivr.transcript import Utterance, language_code
from ivr.verdict import Verdict
from ivr.web.i18n import current_language, gettext

SPEAKERS = {"agent": "Agent", "caller": "Caller"}
FINDING_STATUSES = {"pass": "Pass", "fail": "Fail", "na": "N/A", "uncertain": "Uncertain"}
CALL_STATUSES = {
    "received": "Received",
    "transcribing": "Transcribing",
    "checked": "Checked",
    "needs_review": "Needs review",
    "reviewed": "Reviewed",
    "failed": "Processing failed",
}
# Why a call failed, by the error's class (`Job.error_kind`): one short sentence a reviewer can
# act on; the full reason stays folded away on the call's page.
FAILURES = {
    "absent": "Twilio kept no recording of this call.",
    "ModelNotFoundError": "No speech model is installed for the call's language.",
    "DownloadError": "The recording could not be downloaded.",
    "AudioError": "The recording is not readable audio.",
    "NotFoundError": "The call's department or script no longer exists.",
    "ConfigError": "The department's script or the settings are invalid.",
    "TranscriptError": "The transcript could not be read.",
    "WorkerLost": "The worker stopped during this call several times.",
}
LEFT_OUT = {
    "failed": "processing failed",
    "received": "waiting to be transcribed",
    "transcribing": "being transcribed",
    "voicemail": "voicemails (not scored)",
    "no_start": "no start time",
    "unscored": "not scored",
}
# The list's filters by their query-string names, to name one whose value cannot be read.
FILTER_LABELS = {
    "department": "Department",
    "agent": "Agent",
    "date_from": "From",
    "date_to": "To",
    "rule": "Rule failed",
    "score_min": "Min score",
    "score_max": "Max score",
    "status": "Status",
    "uncertain": "Uncertain findings",
    "reviewed": "Reviewed",
    "overridden": "Overridden",
    "sort": "Sort by",
    "dir": "Sort order",
    "page": "Page",
    "q": "Search transcripts",
}
UNEXPECTED = "An unexpected error; the worker log has the details."


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


def checker_message(rule: str, status: str, message: str, language: str) -> Markup:
    """A finding's message in the page's language. Every checker message is rendered here, so the
    rule registry's messages in each language can replace this in one place. Until then: the
    stored message when it is in the page's language; else the page language's pack message
    for the rule and status when it needs nothing from the call; else a sentence in the page's
    language, followed by the stored message marked with its language."""
    code = language_code(language or current_language())
    page = current_language()
    if code == page:
        return escape(message)
    fixed = _pack_message(rule, status, message, code, page)
    if fixed is not None:
        return escape(fixed)
    said = gettext("{rule}: {status}.", rule=rule_name(rule), status=finding_status(status))
    lang = "zh-CN" if code == "zh" else code
    return (
        escape(said)
        + Markup(f' <span class="original" lang="{lang}">')
        + escape(message)
        + (Markup("</span>"))
    )


def _pack_message(rule: str, status: str, message: str, source: str, target: str) -> str | None:
    """The `target` pack's message for this rule and status, when the stored message is the
    `source` pack's own (nothing filled in from the call) and the target's has no blanks."""
    from ivr.review.rules import load_pack  # the packs load only when a message needs them

    try:
        said = load_pack(source).rules[rule].messages.get(status)  # type: ignore[index]
        template = load_pack(target).rules[rule].messages.get(status)  # type: ignore[index]
    except (IvrError, KeyError):
        return None
    if said != message or not template or "{" in template:
        return None
    return template


def _names(rules: Iterable[str]) -> str:
    return ("、" if current_language() == "zh" else ", ").join(map(rule_name, rules))


def verdict_reason(verdict: Verdict, pass_mark: float) -> str:
    """Why the reviewed verdict is what it is, in one or two sentences."""
    if verdict.critical_failed:
        said = gettext(
            "Failed: a critical rule failed ({rules}).", rules=_names(verdict.critical_failed)
        )
    elif verdict.score < pass_mark:
        said = gettext("Failed: the score is below the pass mark.")
    else:
        said = gettext("Passed: the score reaches the pass mark and no critical rule failed.")
    if verdict.uncertain:
        said += " " + gettext("Still uncertain: {rules}.", rules=_names(verdict.uncertain))
    return said


PHRASE_LABELS = {
    "greeting": "Greeting",
    "greeting_with_agent": "Greeting naming the agent",
    "menu": "Menu prompt",
    "invalid_choice": "Choice not understood",
    "hold": "While the caller waits",
    "after_wait": "After a long wait",
    "wrong_number": "Wrong number",
    "wrong_number_goodbye": "Wrong number: goodbye",
    "after_hours": "After hours",
    "voicemail": "Voicemail prompt",
    "transfer": "Transferring",
    "goodbye": "Goodbye",
    "error": "System error",
}
WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def field_label(name: str) -> str:
    """The label of one of the script editor's form fields, by its dotted name."""
    last = name.rsplit(".", 1)[-1]
    if name.startswith("phrases."):
        return gettext(PHRASE_LABELS.get(last, last))
    if name.startswith("hours.weekly."):
        return gettext(WEEKDAY_NAMES.get(last, last))
    return gettext(EDITOR_FIELDS.get(name, name))


EDITOR_FIELDS = {
    "hours.timezone": "Time zone",
    "hours.holidays": "Holidays (closed), dates separated by commas",
    "hours.always_open": "Always open",
    "follow_up_time": "Follow-up time promised to callers",
}


LANGUAGES = {"zh": "Chinese", "en": "English", "ko": "Korean"}


def language_name(language: str) -> str:
    code = language_code(language)
    return gettext(LANGUAGES[code]) if code in LANGUAGES else language


def finding_status(status: str) -> str:
    return gettext(FINDING_STATUSES.get(status, status))


def call_status(status: str) -> str:
    return gettext(CALL_STATUSES.get(status, status))


def failure_reason(kind: str | None) -> str:
    return gettext(FAILURES.get(kind or "", UNEXPECTED))


def left_out_reason(why: str) -> str:
    return gettext(LEFT_OUT.get(why, why))


def speaker_name(speaker: str | None) -> str:
    return SPEAKERS.get(speaker or "", "Unknown")


def word_span(text: str, match: str | None) -> tuple[int, int] | None:
    """Where `match` is in `text`, widened to whole words (Vosk's words are space-separated).

    The checker reports the span normalised, without the spaces Vosk puts between words, so the
    span is looked for with any whitespace between its characters."""
    chars = [c for c in (match or "") if not c.isspace()]
    found = re.search(r"\s*".join(map(re.escape, chars)), text) if chars else None
    if found is None:
        return None
    start, end = found.span()
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _marked(text: str, span: tuple[int, int] | None) -> Markup:
    if span is None or span[0] >= span[1]:
        return escape(text)
    start, end = span
    return (
        escape(text[:start])
        + Markup("<mark>")
        + escape(text[start:end])
        + Markup("</mark>")
        + escape(text[end:])
    )


def highlight(text: str | None, match: str | None) -> Markup:
    """The text with the matched words marked (escaped: transcripts are user data)."""
    text = text or ""
    return _marked(text, word_span(text, match))


@dataclass(frozen=True)
class EvidenceLine:
    start: float
    speaker: str
    text: Markup


# An utterance belongs to a piece of evidence when their times overlap by more than this.
OVERLAP = 0.05


def evidence_lines(
    evidence: Iterable[Mapping[str, Any]], utterances: Sequence[Utterance]
) -> list[EvidenceLine]:
    """A finding's evidence as the transcript's own utterances, one per line, in time order.

    The checker joins a speaker's consecutive utterances into one turn, so one piece of evidence
    can span several; each is shown on its own line with its own start, the matched words marked
    across them."""
    lines: dict[tuple[float, str], EvidenceLine] = {}
    for item in evidence:
        start, end = float(item.get("start") or 0), float(item.get("end") or 0)
        speaker = str(item.get("speaker") or "")
        parts = [
            (u.start, u.text)
            for u in utterances
            if u.speaker == speaker and u.start < end - OVERLAP and u.end > start + OVERLAP
        ] or [(start, str(item.get("text") or ""))]
        joined = " ".join(text for _, text in parts)
        span = word_span(joined, item.get("match"))
        offset = 0
        for part_start, text in parts:
            local = None
            if span is not None:
                local = (max(span[0] - offset, 0), min(span[1] - offset, len(text)))
            line = EvidenceLine(part_start, speaker, _marked(text, local))
            key = (part_start, text)
            if key not in lines or "<mark>" in line.text:
                lines[key] = line
            offset += len(text) + 1
    return sorted(lines.values(), key=lambda line: line.start)
