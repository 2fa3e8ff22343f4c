"""Every text the pages show in English has its Chinese translation."""

from __future__ import annotations

import re
from pathlib import Path

import ivr.web
from ivr.store.overrides import STATUSES
from ivr.store.users import ROLES
from ivr.web.format import (
    CALL_STATUSES,
    EDITOR_FIELDS,
    FAILURES,
    FILTER_LABELS,
    FINDING_STATUSES,
    LANGUAGES,
    LEFT_OUT,
    PHRASE_LABELS,
    SPEAKERS,
    UNEXPECTED,
    WEEKDAY_NAMES,
)
from ivr.web.i18n import ZH
from ivr.web.live import STATE_NAMES
from ivr.web.pages import GENERIC, NAMES
from ivr.web.queries import DIRECTION_NAMES, SORT_NAMES
from ivr.web.script_form import SECTION_TITLES

WEB = Path(ivr.web.__file__).parent
LITERAL = r"""(?:"([^"]+)"|'([^']+)')"""


def _found(pattern: str, text: str) -> set[str]:
    return {double or single for double, single in re.findall(pattern, text)}


def _name_of(literal: str, code: str) -> str:
    found = re.search(r"(\w+) = \(?\s*[\"']" + re.escape(literal), code)
    return found.group(1) if found else "\0"


def shown_texts() -> set[str]:
    texts: set[str] = set()
    for template in (WEB / "templates").glob("*.html"):
        texts |= _found(r"\b_\(\s*" + LITERAL + r"\s*[,)]", template.read_text("utf-8"))
    for module in WEB.glob("*.py"):
        code = module.read_text("utf-8")
        texts |= _found(r"\bgettext\(\s*" + LITERAL, code)
        # A text too long for one line is named first, then translated: too_big = "...".
        named = _found(r"= \(?\s*" + LITERAL, code)
        texts |= {t for t in named if f"gettext({_name_of(t, code)}" in code}
    tables = (
        SPEAKERS,
        FINDING_STATUSES,
        LANGUAGES,
        CALL_STATUSES,
        FAILURES,
        FILTER_LABELS,
        LEFT_OUT,
        SORT_NAMES,
        DIRECTION_NAMES,
        PHRASE_LABELS,
        WEEKDAY_NAMES,
        EDITOR_FIELDS,
        NAMES,
        GENERIC,
    )
    return texts | {v for table in tables for v in table.values()} | {"Unknown", UNEXPECTED}


def test_every_shown_text_is_translated() -> None:
    texts = shown_texts() | set(SECTION_TITLES.values()) | set(STATUSES) | set(ROLES)
    assert len(texts) > 80  # the scan found the templates
    missing = sorted(t for t in texts if t not in ZH)
    assert missing == []


def test_catalogue_has_no_dead_entries() -> None:
    used = shown_texts() | set(SECTION_TITLES.values()) | set(STATUSES) | set(ROLES)
    used |= {"save", "revert", "audio"}  # script edit actions, shown through _(e.action)
    used |= set(STATE_NAMES)  # live rule and call states, shown through gettext(state)
    assert sorted(set(ZH) - used) == []
