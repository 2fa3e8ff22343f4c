"""Department scripts: one per department, the single source of the phrases the phone tree speaks
and the rules the checker applies. Loaded from YAML and validated once, at the edge.

A script's `version` is a hash of its content, so a call can record the exact script it heard and
the checker can later apply that same version.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ivr.checker_overrides import CheckerOverrides
from ivr.errors import ConfigError, NotFoundError, first_error
from ivr.transcript import language_code

Language = Literal["zh-CN", "en-US"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Twilio <Say> voices per language, by prefix. `alice` speaks both; Polly and Google voices are
# language-specific. https://www.twilio.com/docs/voice/twiml/say/text-speech#available-voices
VOICES: dict[str, tuple[str, ...]] = {
    "zh-CN": ("alice", "Polly.Zhiyu", "Google.cmn-CN-"),
    "en-US": (
        "alice",
        "man",
        "woman",
        "Polly.Joanna",
        "Polly.Matthew",
        "Polly.Salli",
        "Polly.Kimberly",
        "Polly.Kendra",
        "Polly.Ivy",
        "Polly.Justin",
        "Polly.Joey",
        "Polly.Kevin",
        "Polly.Ruth",
        "Polly.Stephen",
        "Polly.Danielle",
        "Polly.Gregory",
        "Google.en-US-",
    ),
}
DEFAULT_VOICE = {"zh-CN": "Polly.Zhiyu", "en-US": "Polly.Joanna"}

PLACEHOLDERS = frozenset({"department", "agent_id", "agent_name", "follow_up_time"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Agent(_Strict):
    id: str = ""
    name: str = ""


class PhonePhrases(_Strict):
    """What the phone tree says, in the department's language. `{department}`, `{agent_id}`,
    `{agent_name}` and `{follow_up_time}` are filled from the script."""

    greeting: str
    greeting_with_agent: str = ""
    menu: str
    invalid_choice: str
    hold: str
    after_wait: str
    wrong_number: str
    wrong_number_goodbye: str
    after_hours: str
    voicemail: str
    transfer: str
    goodbye: str
    error: str

    @field_validator("*")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        unknown = names - PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{sorted(unknown)[0]}}}; use one of "
                + ", ".join(f"{{{n}}}" for n in sorted(PLACEHOLDERS))
            )
        return value


class LiveAssist(_Strict):
    """Live agent assist for the department's calls: the agent leg is streamed to `/media`,
    checked while the call is on, and the agent is prompted about rules still open after
    `prompt_after` seconds. `live_assist: false` turns it off."""

    enabled: bool = True
    prompt_after: float = Field(60.0, ge=0, le=3600, description="seconds into the call")

    @model_validator(mode="before")
    @classmethod
    def _switch(cls, data: Any) -> Any:
        return {"enabled": data} if isinstance(data, bool) else data


PhraseName = Literal[
    "greeting",
    "greeting_with_agent",
    "menu",
    "invalid_choice",
    "hold",
    "after_wait",
    "wrong_number",
    "wrong_number_goodbye",
    "after_hours",
    "voicemail",
    "transfer",
    "goodbye",
    "error",
]


class Hours(_Strict):
    """Opening hours per weekday as "HH:MM-HH:MM" ranges in the department's timezone."""

    timezone: str = "Asia/Shanghai"
    weekly: dict[Weekday, list[str]] = Field(default_factory=dict)
    holidays: list[date] = Field(default_factory=list)
    always_open: bool = False

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown timezone {value!r}; use an IANA name such as Asia/Shanghai"
            ) from exc
        return value

    @field_validator("weekly")
    @classmethod
    def _ranges(cls, value: dict[Weekday, list[str]]) -> dict[Weekday, list[str]]:
        for ranges in value.values():
            for span in ranges:
                _parse_span(span)
        return value

    def is_open(self, moment: datetime) -> bool:
        if self.always_open:
            return True
        local = moment.astimezone(ZoneInfo(self.timezone))
        if local.date() in self.holidays:
            return False
        spans = self.weekly.get(WEEKDAYS[local.weekday()], [])
        return any(start <= local.time() < end for start, end in map(_parse_span, spans))


def _parse_span(span: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in span.split("-"))
    except ValueError as exc:
        raise ValueError(f"{span!r} is not a range like 09:00-18:00") from exc
    if end <= start:
        raise ValueError(f"{span!r} ends before it starts")
    return start, end


MenuAction = Literal["submenu", "queue", "department", "wrong_number", "voicemail"]


class MenuOption(_Strict):
    digit: str = Field(pattern=r"^[0-9*#]$")
    keywords: list[str] = Field(default_factory=list)
    action: MenuAction
    label: str = ""
    department: str | None = None  # for action: department
    menu: Menu | None = None  # for action: submenu

    @model_validator(mode="after")
    def _target(self) -> MenuOption:
        if self.action == "department" and not self.department:
            raise ValueError("action 'department' needs `department: ID`")
        if self.action == "submenu" and self.menu is None:
            raise ValueError("action 'submenu' needs a nested `menu:`")
        return self


class Menu(_Strict):
    prompt: str = ""  # empty: the department's `menu` phrase
    options: list[MenuOption]

    @field_validator("options")
    @classmethod
    def _unique_digits(cls, value: list[MenuOption]) -> list[MenuOption]:
        digits = [o.digit for o in value]
        duplicate = next((d for d in digits if digits.count(d) > 1), None)
        if duplicate:
            raise ValueError(f"digit {duplicate!r} is used by more than one option")
        return value

    def find(self, path: Iterable[str]) -> Menu:
        """The sub-menu reached by pressing the digits in `path` from this menu."""
        menu = self
        for digit in path:
            option = next((o for o in menu.options if o.digit == digit), None)
            if option is None or option.menu is None:
                raise NotFoundError(f"no sub-menu behind digit {digit!r}")
            menu = option.menu
        return menu


class DepartmentScript(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)  # a Twilio queue name
    name: str
    numbers: list[str] = Field(default_factory=list)
    language: Language = "zh-CN"
    voice: str = ""
    agent: Agent = Agent()
    phrases: PhonePhrases
    audio: dict[PhraseName, str] = Field(default_factory=dict)
    hours: Hours = Hours(always_open=True)
    menu: Menu
    max_menu_attempts: int = Field(3, ge=1, le=10)
    agents: list[str] = Field(default_factory=list)
    queue_max_wait: int = Field(300, ge=10, le=3600, description="seconds before voicemail")
    hold_audio: str = ""
    ring_timeout: int = Field(20, ge=5, le=120)
    follow_up_time: str = ""
    checker: CheckerOverrides = CheckerOverrides()
    live_assist: LiveAssist = LiveAssist()

    @model_validator(mode="before")
    @classmethod
    def _default_voice(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("voice"):
            data = {**data, "voice": DEFAULT_VOICE.get(data.get("language", "zh-CN"), "alice")}
        return data

    @field_validator("voice")
    @classmethod
    def _voice_speaks_language(cls, value: str, info: ValidationInfo) -> str:
        # A field validator (not a model one) so the error names the field `voice`.
        language = info.data.get("language")
        if language and not value.startswith(VOICES[language]):
            raise ValueError(
                f"voice {value!r} does not speak {language}; use one of "
                + ", ".join(VOICES[language])
            )
        return value

    @field_validator("numbers")
    @classmethod
    def _e164(cls, value: list[str]) -> list[str]:
        for number in value:
            if not re.fullmatch(NUMBER_PATTERN, number):
                raise ValueError(
                    f"{number!r} is not how Twilio sends `To`; use +E.164 (+864008001001) "
                    "or a SIP URI (sip:support@example.sip.twilio.com)"
                )
        return value

    @field_validator("agents")
    @classmethod
    def _dialable(cls, value: list[str]) -> list[str]:
        for agent in value:
            if not re.fullmatch(AGENT_PATTERN, agent):
                raise ValueError(
                    f"{agent!r} cannot be dialed; use +E.164 (+8610...), sip:user@host "
                    "or client:identity"
                )
        return value

    @field_validator("hold_audio")
    @classmethod
    def _hold_file(cls, value: str) -> str:
        return _audio_name(value) if value else value

    @field_validator("audio")
    @classmethod
    def _audio_files(cls, value: dict[PhraseName, str]) -> dict[PhraseName, str]:
        return {phrase: _audio_name(name) for phrase, name in value.items()}

    @cached_property  # frozen model: the hash of its content never changes
    def version(self) -> str:
        # Fields added later count only once set, so the versions of scripts kept before them
        # stay the same.
        later = {"live_assist"} if self.live_assist == LiveAssist() else set()
        content = self.model_dump(mode="json", exclude=later)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    @property
    def lang(self) -> str:
        """The short language code transcripts use: zh, en."""
        return language_code(self.language)

    def phrase(self, name: PhraseName) -> str:
        text = getattr(self.phrases, name) or (
            self.phrases.greeting if name == "greeting_with_agent" else ""
        )
        return text.format(
            department=self.name,
            agent_id=self.agent.id,
            agent_name=self.agent.name,
            follow_up_time=self.follow_up_time,
        )

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            self.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False
        )


NUMBER_PATTERN = r"\+[1-9][0-9]{6,14}|sips?:[^@\s]+@[^@\s]+"
AGENT_PATTERN = NUMBER_PATTERN + r"|client:[A-Za-z0-9_.@-]+"


def _audio_name(name: str) -> str:
    """A prompt file name, relative to the audio directory and staying inside it."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name:
        raise ValueError(f"{name!r} must be a file name under the audio directory, like hold.wav")
    return name


class Editor(Protocol):
    """Who makes a script version live: a user of the admin pages."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...


class ScriptSource(Protocol):
    """Where the live department scripts come from: the configuration file (its ScriptBook, the
    shipped scripts) with the versions admins saved on top. `ivr.context` builds the one every
    app, worker and command uses."""

    @property
    def default(self) -> str:
        """The department of numbers no department answers."""
        ...

    def for_number(self, to: str) -> DepartmentScript: ...

    def get(self, department_id: str) -> DepartmentScript: ...

    def all(self) -> list[DepartmentScript]: ...

    def shipped(self, department_id: str) -> DepartmentScript | None:
        """The department as the configuration file has it, the base of its history."""
        ...

    def publish(self, script: DepartmentScript, *, by: Editor, action: str) -> None:
        """Make `script` its department's live version: at once in this process, within a second
        in every other process on the same database."""
        ...


class ScriptBook:
    """All departments of one configuration file, looked up by id or by dialed number: a value,
    not a source (nothing can be published to it)."""

    def __init__(self, scripts: list[DepartmentScript], default: str) -> None:
        self._by_id = {s.id: s for s in scripts}
        self._by_number = {n: s for s in scripts for n in s.numbers}
        self.default = default

    def for_number(self, to: str) -> DepartmentScript:
        """The department a dialed number belongs to; unknown numbers reach the default one."""
        return self._by_number.get(to) or self._by_id[self.default]

    def get(self, department_id: str) -> DepartmentScript:
        try:
            return self._by_id[department_id]
        except KeyError as exc:
            raise NotFoundError(
                f"unknown department {department_id!r}; known: {', '.join(self._by_id)}"
            ) from exc

    def all(self) -> list[DepartmentScript]:
        return list(self._by_id.values())


def parse_department(data: Any, *, file: str, index: int) -> DepartmentScript:
    """Validate one department entry; the error names the file, the department and the field."""
    name = data.get("id", f"#{index + 1}") if isinstance(data, dict) else f"#{index + 1}"
    try:
        return DepartmentScript.model_validate(data)
    except ValidationError as exc:
        field, message = first_error(exc)
        raise ConfigError(
            message, file=file, department=str(name), field=field or "(entry)"
        ) from exc


def load_script_book(path: Path) -> ScriptBook:
    """Read and validate a department configuration file."""
    file = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            "no such file; set IVR_SCRIPTS to your departments.yaml", file=file
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=file) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("departments"), list):
        raise ConfigError("expected a mapping with a `departments:` list", file=file)
    scripts = [parse_department(d, file=file, index=i) for i, d in enumerate(raw["departments"])]
    if not scripts:
        raise ConfigError("the `departments:` list is empty", file=file)
    return build_book(scripts, raw.get("default", scripts[0].id), file=file)


def build_book(scripts: list[DepartmentScript], default: str, *, file: str) -> ScriptBook:
    """Check what no single department can check alone: unique ids and numbers, known targets."""
    ids = [s.id for s in scripts]
    for s in scripts:
        if ids.count(s.id) > 1:
            raise ConfigError(
                "two departments share this id", file=file, department=s.id, field="id"
            )
    seen: dict[str, str] = {}
    for s in scripts:
        for number in s.numbers:
            if number in seen:
                raise ConfigError(
                    f"number {number} is also answered by {seen[number]!r}",
                    file=file,
                    department=s.id,
                    field="numbers",
                )
            seen[number] = s.id
        for target in _menu_targets(s.menu):
            if target not in ids:
                raise ConfigError(
                    f"menu sends callers to unknown department {target!r}",
                    file=file,
                    department=s.id,
                    field="menu",
                )
    if default not in ids:
        raise ConfigError(
            f"default department {default!r} is not defined", file=file, field="default"
        )
    return ScriptBook(scripts, default)


def _menu_targets(menu: Menu) -> list[str]:
    targets: list[str] = []
    for option in menu.options:
        if option.department:
            targets.append(option.department)
        if option.menu:
            targets.extend(_menu_targets(option.menu))
    return targets
