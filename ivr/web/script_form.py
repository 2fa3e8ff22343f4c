"""The script editor's form: a department script split into YAML sections, and back.

Pure functions. Each section owns some top-level fields of `DepartmentScript`; a validation error
is shown next to the section that owns its field, with the field's path and the scripts module's
own message, so the admin sees what to fix where they typed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from ivr.errors import ConfigError
from ivr.scripts import DepartmentScript, build_book

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
# Kept from the live script, not edited as text: the id, and audio files set by uploads.
KEPT = ("id", "audio")


@dataclass
class FormResult:
    texts: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    script: DepartmentScript | None = None


def section_texts(script: DepartmentScript) -> dict[str, str]:
    """Each section of `script` as the YAML its textarea starts with."""
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
    }


def parse_form(
    form: Mapping[str, str], live: DepartmentScript, others: list[DepartmentScript], default: str
) -> FormResult:
    """The edited script, or the errors per section. `others` are the other departments' live
    scripts, so a change that breaks the book (a taken number, an unknown menu target) is caught."""
    texts = {section: form.get(section, "") for section in SECTIONS}
    result = FormResult(texts=texts)
    kept = live.model_dump(mode="json")
    data: dict[str, Any] = {name: kept[name] for name in KEPT}
    for section, text in texts.items():
        values = _section_values(section, text, result)
        data.update(values)
    if result.errors:
        return result
    try:
        script = DepartmentScript.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            _add_error(result, error["loc"], error["msg"].removeprefix("Value error, "))
        return result
    try:
        build_book([script, *others], default, file="the script editor")
    except ConfigError as exc:
        _add_error(result, ((exc.field or "name"),), str(exc))
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
    result.errors.setdefault(section, []).append(f"{path}: {message}")
