"""The script editor's form: a department script split into sections, and back.

Pure functions. Each section owns some top-level fields of `DepartmentScript`. The phrases, the
opening hours and the follow-up time are plain form fields (one a phrase, one a weekday), so an
admin edits them without writing YAML; the other sections are YAML text. Every validation error
is shown at once, next to the field that owns it (or its section), with the scripts module's own
message, so the admin sees what to fix where they typed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from ivr.errors import ConfigError
from ivr.scripts import WEEKDAYS, DepartmentScript, Hours, PhonePhrases, build_book

# Section -> the top-level script fields it edits, in the order the form shows them.
SECTIONS: dict[str, tuple[str, ...]] = {
    "general": ("name", "numbers", "language", "voice"),
    "phrases": ("phrases",),
    "hours": ("hours",),
    "menu": ("menu", "max_menu_attempts"),
    "agents": ("agent", "agents", "queue_max_wait", "ring_timeout", "hold_audio"),
    "follow_up_time": ("follow_up_time",),
    "checker": ("checker",),
}
SECTION_TITLES = {
    "general": "General",
    "phrases": "Phrases",
    "hours": "Opening hours",
    "menu": "Menu",
    "agents": "Agent",
    "follow_up_time": "Follow-up time",
    "checker": "Checker phrases",
}
OWNER = {name: section for section, names in SECTIONS.items() for name in names}
# Sections edited as form fields, not YAML; each field's name is its dotted path in the script.
FIELD_SECTIONS = ("phrases", "hours", "follow_up_time")
PHRASE_FIELDS = tuple(f"phrases.{name}" for name in PhonePhrases.model_fields)
HOURS_FIELDS = (
    "hours.timezone",
    *(f"hours.weekly.{day}" for day in WEEKDAYS),
    "hours.holidays",
    "hours.always_open",
)
FIELDS = {"phrases": PHRASE_FIELDS, "hours": HOURS_FIELDS, "follow_up_time": ("follow_up_time",)}
# Kept from the live script, not edited as text: the id, and audio files set by uploads.
KEPT = ("id", "audio")


@dataclass
class FormResult:
    texts: dict[str, str]  # YAML sections, and form fields by their dotted names
    errors: dict[str, list[str]] = field(default_factory=dict)  # by section
    field_errors: dict[str, list[str]] = field(default_factory=dict)  # by form field
    script: DepartmentScript | None = None

    def first_error(self) -> str | None:
        """The id of the first field or section with an error, in the form's order."""
        for section in SECTIONS:
            for name in FIELDS.get(section, ()):
                if name in self.field_errors:
                    return f"field-{name}"
            if section in self.errors:
                return f"section-{section}"
        return None

    def all_errors(self) -> list[tuple[str, str]]:
        """(anchor, message) of every error, in the form's order: the summary at the top."""
        found = []
        for section in SECTIONS:
            for name in FIELDS.get(section, ()):
                found += [(f"field-{name}", e) for e in self.field_errors.get(name, [])]
            found += [(f"section-{section}", e) for e in self.errors.get(section, [])]
        return found


def section_texts(script: DepartmentScript) -> dict[str, str]:
    """Each YAML section of `script` as its textarea starts, and each form field's value."""
    return {**_yaml_texts(script), **field_texts(script)}


def field_texts(script: DepartmentScript) -> dict[str, str]:
    phrases = script.phrases.model_dump()
    hours = script.hours
    return {
        **{f"phrases.{name}": value for name, value in phrases.items()},
        "hours.timezone": hours.timezone,
        **{f"hours.weekly.{day}": ", ".join(hours.weekly.get(day, [])) for day in WEEKDAYS},
        "hours.holidays": ", ".join(day.isoformat() for day in hours.holidays),
        "hours.always_open": "1" if hours.always_open else "",
        "follow_up_time": script.follow_up_time,
    }


def submitted_texts(form: Mapping[str, str]) -> dict[str, str]:
    """What the admin typed, to show back in the form as it was."""
    texts = {
        section: form.get(section, "") for section in SECTIONS if section not in FIELD_SECTIONS
    }
    return texts | {name: form.get(name, "") for names in FIELDS.values() for name in names}


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def _field_values(section: str, form: Mapping[str, str]) -> dict[str, Any]:
    """A form-field section's values, as the script takes them."""
    if section == "phrases":
        return {"phrases": {name.split(".", 1)[1]: form.get(name, "") for name in PHRASE_FIELDS}}
    if section == "hours":
        weekly = {day: _listed(form.get(f"hours.weekly.{day}", "")) for day in WEEKDAYS}
        return {
            "hours": {
                "timezone": form.get("hours.timezone", "").strip(),
                "weekly": {day: spans for day, spans in weekly.items() if spans},
                "holidays": _listed(form.get("hours.holidays", "")),
                "always_open": bool(form.get("hours.always_open")),
            }
        }
    return {"follow_up_time": form.get("follow_up_time", "").strip()}


def _yaml_texts(script: DepartmentScript) -> dict[str, str]:
    # Nested defaults (`department: null` on every menu option...) are noise; top-level fields
    # are all shown, so an admin sees every field a section takes.
    data = {
        **script.model_dump(mode="json"),
        **script.model_dump(mode="json", exclude_defaults=True),
    }
    return {
        section: yaml.safe_dump(
            {name: data[name] for name in names},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        for section, names in SECTIONS.items()
        if section not in FIELD_SECTIONS
    }


def parse_form(
    form: Mapping[str, str], live: DepartmentScript, others: list[DepartmentScript], default: str
) -> FormResult:
    """The edited script, or the errors per section. `others` are the other departments' live
    scripts, so a change that breaks the book (a taken number, an unknown menu target) is caught."""
    texts = {
        section: form.get(section, "") for section in SECTIONS if section not in FIELD_SECTIONS
    }
    texts |= {name: form.get(name, "") for names in FIELDS.values() for name in names}
    result = FormResult(texts=texts)
    kept = live.model_dump(mode="json")
    data: dict[str, Any] = {name: kept[name] for name in KEPT}
    for section in SECTIONS:
        if section in FIELD_SECTIONS:
            data.update(_field_values(section, form))
        else:
            data.update(_section_values(section, texts[section], result))
    if result.errors:
        return result
    try:
        script = DepartmentScript.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = _weekday_of(error["loc"], data)
            _add_error(result, loc, error["msg"].removeprefix("Value error, "))
        return result
    try:
        build_book([script, *others], default, file="the script editor")
    except ConfigError as exc:
        # The message without its "file ..., department ..., field ...:" prefix: the form shows
        # it next to that field already.
        _add_error(result, ((exc.field or "name"),), str(exc).split(": ", 1)[-1])
        return result
    result.script = script
    return result


def _section_values(section: str, text: str, result: FormResult) -> dict[str, Any]:
    try:
        values = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        result.errors.setdefault(section, []).append(f"not valid YAML{where}: {problem}")
        return {}
    if not isinstance(values, dict):
        result.errors.setdefault(section, []).append(
            "expected `name: value` lines, for example " + f"`{SECTIONS[section][0]}: ...`"
        )
        return {}
    for name in values:
        if name not in SECTIONS[section]:
            owner = OWNER.get(str(name))
            hint = f"it belongs in the {owner!r} section" if owner else "no script has it"
            result.errors.setdefault(section, []).append(
                f"{name!r} is not edited here ({hint}); this section takes "
                + ", ".join(SECTIONS[section])
            )
    return {name: value for name, value in values.items() if name in SECTIONS[section]}


def _add_error(result: FormResult, loc: tuple[Any, ...], message: str) -> None:
    top = str(loc[0]) if loc else "name"
    section = OWNER.get(top, "general")
    path = ".".join(str(part) for part in loc) or top
    owner = _field_of(section, [str(part) for part in loc])
    if owner is not None:
        result.field_errors.setdefault(owner, []).append(message)
    else:
        result.errors.setdefault(section, []).append(f"{path}: {message}")


def _weekday_of(loc: tuple[Any, ...], data: dict[str, Any]) -> tuple[Any, ...]:
    """The opening hours are checked as a whole week: find the day whose ranges are wrong, so
    the error shows next to that day's field."""
    if tuple(loc[:2]) != ("hours", "weekly"):
        return loc
    for day, spans in (data.get("hours") or {}).get("weekly", {}).items():
        try:
            Hours.model_validate({"weekly": {day: spans}})
        except ValidationError:
            return ("hours", "weekly", day)
    return loc


def _field_of(section: str, loc: list[str]) -> str | None:
    """The form field an error belongs to: the longest field name its path starts with."""
    fields = FIELDS.get(section, ())
    for length in range(len(loc), 0, -1):
        name = ".".join(loc[:length])
        if name in fields:
            return name
    return None
