"""Checker rules as data: which speaker must or must not say what, in which part of the call, after
what trigger, with what weight. Modelled on Amazon Connect Contact Lens rules (speaker, window,
must say / must not say, evidence). A language pack ships with the product (`packs/zh.yaml`,
`packs/en.yaml`); a department's script may add phrases, reweigh, make critical or disable rules.

What a department may override is `ivr.checker_overrides`, which the scripts hold; this module
applies it to a pack.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ivr.checker_overrides import LIST_FIELDS, CheckerOverrides
from ivr.errors import ConfigError, first_error
from ivr.transcript import language_code

Status = Literal["pass", "fail", "na", "uncertain"]
SpeakerName = Literal["agent", "caller"]
Kind = Literal[
    "must_say",
    "must_not_say",
    "trigger_response",
    "restate_confirm",
    "time_commitment",
    "complaint_apology",
    "refusal",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(_Model):
    """The part of the call a rule looks at: one speaker's first/last turns or seconds."""

    speaker: SpeakerName = "agent"
    first_turns: int | None = Field(None, ge=1)
    # Only turns before the other speaker's first turn of this many words (Vosk spaces Mandarin
    # words too): the caller stating their need ends the opening.
    before_need: int | None = Field(None, ge=1)
    last_turns: int | None = Field(None, ge=1)
    first_seconds: float | None = Field(None, gt=0)
    last_seconds: float | None = Field(None, gt=0)


class Response(_Model):
    """What must follow a trigger: phrases or time patterns, in the trigger's own turn and/or the
    next `turns` turns of `speaker`."""

    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    speaker: SpeakerName = "agent"
    same_turn: bool = True
    turns: int = Field(0, ge=0)
    later_utterances: bool = Field(
        False,
        description="also the trigger's own turn from the utterance after the trigger's on: "
        "the agent back from a hold too short for the recogniser to split the turn",
    )


class ReadOut(_Model):
    """A number read out in full: at least `at_least` digits in a row, spelt as `digits`."""

    digits: list[str] = Field(min_length=1)
    at_least: int = Field(ge=4)
    # An organisation's line given for the caller to ring (the complaints team is on ..., their
    # number is ...) discloses nobody's: said within `margin` characters after one of `public`,
    # and with none of `personal` (your, his mobile, registered to) within `personal_margin`.
    public: list[str] = []
    margin: int = Field(default=0, ge=0)
    personal: list[str] = []
    personal_margin: int = Field(default=0, ge=0)
    # A number the caller gave as one of these (an order number: no one's secret), asked for
    # or named so, may be said back to check it; any other number said back is read out.
    references: list[str] = []


class Title(_Model):
    """A rule's name in each language the pages speak."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SecondOpinion(_Model):
    """How far a rule defers to the model learned from labelled calls (second_opinion.py)."""

    decide: float | None = Field(
        None,
        gt=0.5,
        le=1,
        description="the model's verdict replaces the rule's (an `uncertain` one too) when the "
        "model gives it at least this probability; unset: the model never decides",
    )
    doubt: float = Field(
        0.0,
        ge=0,
        lt=0.5,
        description="otherwise, a verdict the model gives at most this probability goes to a "
        "person (doubt `second_opinion`)",
    )


class Rule(_Model):
    kind: Kind
    title: Title
    match: float | None = Field(
        None, gt=0, le=1, description="this rule's trigger/not-say score, over the pack's `match`"
    )
    weight: int = Field(10, ge=0, le=100)
    critical: bool = False
    enabled: bool = True
    window: Window = Window()
    # must_say: every group must be said (any phrase of a group will do).
    say: dict[str, list[str]] = Field(default_factory=dict)
    # Groups said at the very start or end of the window (您好 opens, 再见 closes): there a short
    # phrase that sounds close enough counts, since its place confirms it.
    anchored: dict[str, Literal["start", "end"]] = Field(default_factory=dict)
    opening_only: list[str] = Field(
        default_factory=list,
        description="must_say: phrases of `say` that count only in the window's first turn (a "
        "bare time of day greets in the opening and is a time later: a wasted morning)",
    )
    # must_not_say: a phrase counts unless an `unless` phrase covers it, and only in a turn that
    # also says one of `context` when that list is given.
    not_say: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    # trigger_response: each trigger (by `trigger_speaker`) needs every response.
    trigger: list[str] = Field(default_factory=list)
    trigger_speaker: SpeakerName = "agent"
    trigger_unless: list[str] = Field(default_factory=list)
    # A turn saying one of these holds no trigger (a restatement of the caller's words is not a
    # commitment, though it may repeat their verbs).
    trigger_skip_turns: list[str] = Field(default_factory=list)
    respond: dict[str, Response] = Field(default_factory=dict)
    each_trigger: bool = Field(True, description="every trigger needs its response, or just one")
    waiting_caller: list[str] = Field(
        default_factory=list,
        description="trigger_response: a caller utterance saying only these (喂，还在吗; a few "
        "words aside), after an agent turn with no trigger, is a wait the agent never announced: "
        "a trigger of its own, said by the caller",
    )
    bad_line: list[str] = Field(
        default_factory=list,
        description="trigger_response: the agent saying the line is bad (you're breaking up), "
        "just before the caller's hello? or in answer to it: the hello checks the line, not a "
        "wait",
    )
    vague: list[str] = Field(default_factory=list)
    # restate_confirm: a `say` turn whose content overlaps the caller's earlier words.
    min_overlap: int = Field(2, ge=1)
    not_about: list[str] = Field(default_factory=list)
    withdrawn: list[str] = Field(
        default_factory=list,
        description="restate_confirm: the caller's words that leave no need to confirm (never "
        "mind, I hit call by accident): na where the need was not confirmed",
    )
    withdrawn_within: int | None = Field(
        None,
        ge=1,
        description="restate_confirm: the caller's first turns (where the need is stated) in "
        "which a withdrawal counts; later, never mind then gives up on a need that was there. "
        "None: anywhere",
    )
    echo_overlap: int = Field(
        0,
        ge=0,
        description="restate_confirm: content units a turn must share with the caller's words "
        "for a closing question heard only by its sound to make it uncertain, with no "
        "restatement opener heard (so yore connection ... direct); 0: off",
    )
    heard_question: float = Field(
        1.0,
        ge=0,
        le=1,
        description="restate_confirm: how well a closing question must be heard, with no "
        "restatement opener heard, to make a turn that restates the caller's words uncertain "
        "rather than no confirmation (1: exactly; 0.9: a word that sounds the same, right: write)",
    )
    detail_window: int = Field(
        0,
        ge=0,
        description="restate_confirm: characters or words (the pack's context_unit) before a "
        "confirming question where a detail read back (numbers, a not_about) makes it confirm "
        "that detail, not the need, unless that clause restates the caller's words; 0: off",
    )
    answered_within: int = Field(
        0,
        ge=0,
        description="restate_confirm: the agent's first turns after the caller's in which a "
        "restatement with no question word counts when the caller's next turn says yes (so "
        "you're saying the bins were missed / yes): where a question is asked by intonation "
        "alone, recognition loses it; 0: off (a question spoken as a word, 对吗)",
    )
    stop: list[str] = Field(default_factory=list)
    # any kind: the rule does not apply when the agent says one of these.
    na_if: list[str] = Field(default_factory=list)
    # closing: the agent's turn must be the last one.
    agent_ends_call: bool = False
    caller_farewell: list[str] = Field(
        default_factory=list,
        description="closing: a caller's last turn saying only these (thanks, bye) answers the "
        "agent's goodbye; the call still ends with the agent",
    )
    unless_margin: int = Field(0, ge=0, description="characters around a hit an `unless` may cover")
    read_out: ReadOut | None = Field(
        None,
        description="must_not_say: the agent reading out a phone, card or ID number in full "
        "(someone else's, or the caller's own said back) counts as said; a reference the caller "
        "gave does not",
    )
    labels: dict[str, str] = Field(default_factory=dict, description="group names for messages")
    # The structure kinds (time_commitment, complaint_apology, refusal): named cue lists, each a
    # list of patterns in characters with {class} names, matched on the recognised characters.
    cues: dict[str, list[str]] = Field(default_factory=dict)
    unapologised_report: Literal["na", "uncertain", "fail"] = Field(
        "na",
        description="complaint_apology: a plain problem report (not a complaint) the agent left "
        "without an apology is none of the rule's business (na), for a person to judge whether "
        "the fault was the organisation's (uncertain), or a miss (fail)",
    )
    apology_needs_cause: bool = Field(
        False, description="complaint_apology: an apology nothing called for is na, not pass"
    )
    unanswered_complaint: Literal["uncertain", "fail"] = Field(
        "fail",
        description="complaint_apology: a complaint in the caller's last words, with no agent "
        "turn after it, is a miss (fail) or for a person to judge (uncertain)",
    )
    messages: dict[Status, str]
    # `uncertain` for a reason other than unclear recognition: the message by that reason.
    doubts: dict[str, str] = Field(default_factory=dict)
    second_opinion: SecondOpinion | None = None
    # A verdict the learned model gave (second_opinion.decide): the message by status, where
    # the rule's own one names evidence the rules did not find; else the rule's own message.
    learned: dict[Status, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _learned_fail(self) -> Rule:
        if self.second_opinion and self.second_opinion.decide and "fail" not in self.learned:
            raise ValueError("a rule the learned model may decide needs a `learned.fail` message")
        return self


class Thresholds(_Model):
    match: float = Field(0.8, gt=0, le=1, description="fuzzy score at which a phrase is found")
    weak: float = Field(0.7, gt=0, le=1, description="below match, at least this: uncertain")
    anchored: float = Field(0.5, gt=0, le=1, description="score for a phrase at its anchor")
    unless_slack: float = Field(
        0.1, ge=0, le=1, description="how much worse than the hit an `unless` may match"
    )
    low_confidence: float = Field(0.5, ge=0, le=1, description="recogniser confidence: unsure")
    min_fuzzy_chars: int = Field(3, ge=1, description="shorter phrases must match by sound")


class MetricSettings(_Model):
    long_silence: float = Field(5.0, gt=0, description="seconds of no speech that count as long")
    overlap_tolerance: float = Field(0.3, ge=0, description="overlap that is not interrupting")


class CheckerRules(_Model):
    """A language pack: every rule of the standard, as data."""

    language: str
    thresholds: Thresholds = Thresholds()
    metrics: MetricSettings = MetricSettings()
    department_suffixes: list[str] = Field(default_factory=list)
    fillers: list[str] = Field(default_factory=list)
    classes: dict[str, list[str]] = Field(
        default_factory=dict, description="word classes patterns use as {name}, e.g. numerals"
    )
    context_unit: Literal["char", "word"] = Field(
        "char",
        description="what the structure rules' context windows count: characters where the "
        "language is written without spaces (zh), else words",
    )
    unseparated: str = "speakers are not separated; the rules cannot be applied"
    no_speech: str = "no agent speech was recognised; the rules cannot be applied"
    learned_note: str = Field(
        " (the model learned from labelled calls gave this verdict, not the rules)",
        description="added to the message of a verdict the learned model gave",
    )
    vague_note: str = Field(
        ' ("{vague}" is not a time)', description="added to a message where a vague time was said"
    )
    rules: dict[str, Rule]

    @property
    def counts_words(self) -> bool:
        """The context windows count words (spaced text: English), not characters (Mandarin)."""
        return self.context_unit == "word"


@lru_cache(maxsize=8)
def load_pack(language: str) -> CheckerRules:
    """The rule pack shipped for a language code such as zh, zh-CN or en-US."""
    code = language_code(language)
    path = resources.files("ivr.review") / "packs" / f"{code}.yaml"
    if not path.is_file():
        raise ConfigError(f"no checker rule pack for language {language!r}; use zh or en")
    try:
        return CheckerRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        field, message = first_error(exc)
        raise ConfigError(message, file=str(path), field=field) from exc


def _add_phrases(rule: Rule, extra: dict[str, list[str]], rule_id: str) -> Rule:
    say, respond, cues = dict(rule.say), dict(rule.respond), dict(rule.cues)
    lists: dict[str, list[str]] = {}
    for name, phrases in extra.items():
        if name in cues:  # a structure rule's cue list: an admin's words, not patterns
            cues[name] = [*cues[name], *map(re.escape, phrases)]
        elif name in say:
            say[name] = [*say[name], *phrases]
        elif name in respond:
            old = respond[name]
            respond[name] = old.model_copy(update={"phrases": [*old.phrases, *phrases]})
        elif name in LIST_FIELDS:
            lists[name] = [*getattr(rule, name), *phrases]
        else:
            known = [*rule.say, *rule.respond, *rule.cues, *LIST_FIELDS]
            raise ConfigError(
                f"rule {rule_id!r} has no phrase list {name!r}; use one of {', '.join(known)}",
                field=f"checker.rules.{rule_id}.add",
            )
    return rule.model_copy(update={"say": say, "respond": respond, "cues": cues, **lists})


def apply_overrides(pack: CheckerRules, overrides: CheckerOverrides) -> CheckerRules:
    """The pack as one department runs it."""
    rules = dict(pack.rules)
    for rule_id, change in overrides.rules.items():
        rule = _add_phrases(rules[rule_id], change.add, rule_id)
        fields = change.model_dump(exclude={"add"}, exclude_none=True)
        rules[rule_id] = rule.model_copy(update=fields)
    for rule_id in overrides.disabled:
        rules[rule_id] = rules[rule_id].model_copy(update={"enabled": False})
    for rule_id in overrides.critical:
        rules[rule_id] = rules[rule_id].model_copy(update={"critical": True})
    return pack.model_copy(update={"rules": rules})
