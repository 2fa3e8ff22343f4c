"""Matching a caller's key press or words to a menu option: pure, no Flask, no TwiML."""

from __future__ import annotations

import unicodedata

from ivr.scripts import Menu, MenuOption

SPOKEN_KEYS = dict(zip("零一二三四五六七八九", "0123456789", strict=True)) | {"两": "2", "幺": "1"}
BACK = "*"  # in a sub-menu, the star key returns to the menu above unless an option claims it


def normalize(text: str) -> str:
    """Lower case without punctuation or spaces, so "Billing." and "维修。" match their keywords."""
    return "".join(
        ch for ch in text.casefold() if not unicodedata.category(ch).startswith(("P", "Z", "S"))
    )


def choose(menu: Menu, digits: str = "", speech: str = "") -> MenuOption | None:
    """The option a caller picked by key (first) or by saying one of its keywords, if any."""
    if digits:
        return next((o for o in menu.options if o.digit == digits), None)
    said = normalize(speech)
    if not said:
        return None
    spoken_key = SPOKEN_KEYS.get(said, said)
    if len(spoken_key) == 1:  # "一" or "1" said aloud instead of pressed
        return next((o for o in menu.options if o.digit == spoken_key), None)
    return next(
        (o for o in menu.options if any(normalize(k) and normalize(k) in said for k in o.keywords)),
        None,
    )


def wants_back(menu: Menu, digits: str, depth: int) -> bool:
    return depth > 0 and digits == BACK and all(o.digit != BACK for o in menu.options)


def hints(menu: Menu) -> str:
    """Twilio speech hints: comma-separated phrases (a plain string; twilio-python would render a
    list with str(list))."""
    return ", ".join(k for o in menu.options for k in o.keywords)
