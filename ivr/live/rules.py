"""Each rule's live state while the call is on, from the checker's review of the call so far.

- `met`: the checker passes it, with evidence; it stays met whatever comes later.
- `broken`: a must-not-say rule failed (a banned phrase was just said); it stays broken.
- `open`: not (yet) met: the agent can still say it. Rules judged only at the end of the call
  (closing) stay open until the stream stops.
- `na`: the rule does not apply so far (no complaint to apologise for, no promise to time).

When the stream stops, the final review decides every rule still open or n/a.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ivr.review import Evidence, Review
from ivr.transcript import language_code

State = Literal["met", "open", "broken", "na", "missed"]
# Rules whose failure the agent cannot undo by saying something later.
MUST_NOT_SAY = frozenset({"banned_phrase", "privacy"})
# Rules that look at the end of the call: while it is on, they cannot be judged.
AT_END = frozenset({"closing"})

PROMPTS: dict[str, dict[str, str]] = {
    "zh": {
        "greeting": "开场白还不完整：问候、报部门或工号、询问需求",
        "confirm_need": "还没有复述并确认客户的需求",
        "follow_up_time": "还没有告知客户处理时限",
        "apology": "客户有不满，还没有向客户致歉",
        "hold_etiquette": "让客户等待前后，还没有致歉或致谢",
    },
    "en": {
        "greeting": "The opening is not complete: greeting, department or agent, offer to help",
        "confirm_need": "You have not restated and confirmed the caller's need yet",
        "follow_up_time": "You have not told the caller when to expect the follow-up",
        "apology": "The caller is unhappy and has not heard an apology yet",
        "hold_etiquette": "Thank or apologise to the caller around the hold",
    },
}


class RuleState(BaseModel):
    rule: str
    state: State
    message: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    since: float | None = None  # call seconds when it became met or broken


def advance(
    previous: list[RuleState], review: Review, now: float, *, final: bool = False
) -> list[RuleState]:
    """The rules' states after a new review at call time `now`; met and broken never go back."""
    before = {r.rule: r for r in previous}
    states = []
    for finding in review.findings:
        old = before.get(finding.rule)
        if old is not None and old.state in ("met", "broken"):
            states.append(old)
            continue
        state = _state(finding.rule, finding.status, final=final)
        since = now if state in ("met", "broken") else None
        evidence = finding.evidence if state in ("met", "broken", "missed") else []
        states.append(
            RuleState(
                rule=finding.rule,
                state=state,
                message=finding.message,
                evidence=evidence,
                since=since,
            )
        )
    return states


def _state(rule: str, status: str, *, final: bool) -> State:
    if final:
        return {"pass": "met", "na": "na", "uncertain": "open"}.get(
            status, "broken" if rule in MUST_NOT_SAY else "missed"
        )
    if rule in AT_END:
        return "open"
    if status == "pass":
        return "met"
    if status == "na":
        return "na"
    if status == "fail" and rule in MUST_NOT_SAY:
        return "broken"
    return "open"


def prompts(states: list[RuleState], now: float, after: float, language: str) -> list[str]:
    """What to remind the agent of: rules still open `after` seconds into the call."""
    if now < after:
        return []
    texts = PROMPTS.get(language_code(language), PROMPTS["en"])
    return [texts[s.rule] for s in states if s.state == "open" and s.rule in texts]
