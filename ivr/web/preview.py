"""What a caller hears when a department answers: its TwiML, and the same as plain lines.

Built with the phone tree's own TwiML builders, so the preview is exactly what /voice answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.dom import minidom
from xml.etree import ElementTree

from ivr.phone import twiml
from ivr.scripts import DepartmentScript

SHOWN = frozenset({"say", "play", "gather", "record", "hangup", "enqueue", "dial", "redirect"})


@dataclass(frozen=True)
class Heard:
    kind: str  # say | play | gather | record | other verbs, lower-case
    text: str


@dataclass(frozen=True)
class Preview:
    title: str  # "open" or "closed"
    xml: str
    heard: list[Heard]


def previews(script: DepartmentScript, audio_url: Callable[[str], str | None]) -> list[Preview]:
    """The answer during opening hours, and after hours."""
    announcer = twiml.Announcer(script, audio_url)
    return [
        _preview(title, twiml.answer(announcer, open_now=open_now).to_xml())
        for title, open_now in (("open", True), ("closed", False))
    ]


def _preview(title: str, xml: str) -> Preview:
    pretty = minidom.parseString(xml).toprettyxml(indent="  ")
    return Preview(title=title, xml=pretty.split("\n", 1)[1], heard=heard(xml))


def heard(xml: str) -> list[Heard]:
    """The <Say> texts and <Play> URLs in the order the caller meets them, with the other verbs
    named where they change what happens (waiting for keys, recording, hanging up)."""
    lines: list[Heard] = []
    for node in ElementTree.fromstring(xml).iter():
        verb = node.tag.lower()
        if verb in SHOWN:
            lines.append(Heard(verb, (node.text or "").strip()))
    return lines
