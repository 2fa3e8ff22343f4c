"""What a review says about one call: a finding per rule with its evidence, figures from the
timestamps, and a score. One JSON form, used by the CLI, the store and the web UI alike."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ivr.checker_overrides import RuleId
from ivr.review.rules import Status


class Evidence(BaseModel):
    """Where in the call a finding comes from. `match` is the span that matched (normalised);
    `confidence` combines how well it matched with how sure the recogniser was."""

    speaker: str
    start: float
    end: float
    text: str
    match: str = ""
    phrase: str = ""
    confidence: float = 1.0


class Searched(BaseModel):
    """The part of the call searched for something that was not found."""

    speaker: str
    start: float
    end: float
    turns: int


class Finding(BaseModel):
    rule: RuleId
    status: Status
    message: str
    critical: bool = False
    weight: int = 0
    evidence: list[Evidence] = Field(default_factory=list)
    searched: Searched | None = None
    nearest: Evidence | None = None


class Silence(BaseModel):
    start: float
    end: float
    duration: float


class Metrics(BaseModel):
    """Figures from the timestamps alone, beyond the written standard."""

    duration: float = 0.0
    agent_seconds: float = 0.0
    caller_seconds: float = 0.0
    talk_ratio: float | None = Field(None, description="agent share of all talk, 0-1")
    interruptions: int = 0
    interruption_times: list[float] = Field(default_factory=list)
    long_silences: list[Silence] = Field(default_factory=list)


class Review(BaseModel):
    score: int = Field(ge=0, le=100)
    passed: bool = Field(description="no critical rule failed, and the rules could be judged")
    needs_review: bool = Field(
        False, description="a person must listen: a rule is uncertain or none could be judged"
    )
    department: str = ""
    script_version: str = ""
    language: str = ""
    findings: list[Finding] = Field(default_factory=list)
    metrics: Metrics = Metrics()

    def finding(self, rule: RuleId) -> Finding:
        found = next((f for f in self.findings if f.rule == rule), None)
        if found is None:
            raise KeyError(f"no finding for rule {rule!r}: the department disabled it")
        return found
