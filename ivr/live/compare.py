"""Live against final: where the check during the call and the check of the recording differ.

The recording is the record of truth; a difference tells a reviewer that the agent saw another
verdict during the call than the one the call is scored by (most often a recognition difference).
"""

from __future__ import annotations

from pydantic import BaseModel

from ivr.live.rules import RuleState

AS_STATUS = {"met": "pass", "missed": "fail", "broken": "fail", "na": "na", "open": "uncertain"}


class Difference(BaseModel):
    rule: str
    live: str  # the live state at the end of the call
    final: str  # the checker's status on the recording


def differences(live: list[RuleState], final: dict[str, str]) -> list[Difference]:
    """Rules whose live state at the end of the call disagrees with the recording's status."""
    return [
        Difference(rule=state.rule, live=state.state, final=final[state.rule])
        for state in live
        if state.rule in final and AS_STATUS[state.state] != final[state.rule]
    ]
