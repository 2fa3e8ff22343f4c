"""A live call as the agent's page and the store see it: one JSON form, shared across processes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ivr.live.rules import RuleState
from ivr.live.tracks import Leg
from ivr.review import Review
from ivr.store.models import utcnow
from ivr.transcript import Transcript

Status = Literal["live", "ended", "dropped", "unavailable"]


class Check(BaseModel):
    """When (epoch seconds) the finding of the utterance ending at `end` was published."""

    speaker: str
    end: float
    at: float


class LiveCall(BaseModel):
    call_sid: str
    stream_sid: str = ""
    department: str = ""
    script_version: str = ""
    agent: str = ""
    leg: Leg = "agent"
    status: Status = "live"
    reason: str = ""  # why live assist is unavailable or stopped
    started_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    seconds: float = 0.0  # how much of the call has been heard
    seq: int = 0  # bumped at every publish: the page redraws when it changes
    transcript: Transcript = Field(default_factory=Transcript)
    partial: dict[str, str] = Field(default_factory=dict)  # speaker -> words not final yet
    rules: list[RuleState] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)
    review: Review | None = None  # the checker's latest review of the call so far
    checks: list[Check] = Field(default_factory=list)

    @property
    def over(self) -> bool:
        return self.status != "live"


def agent_identity(agent: str) -> str:
    """The login name of an agent dialing as `client:NAME` (or a number/SIP address as is)."""
    kind, _, name = agent.partition(":")
    return name if kind == "client" and name else agent
