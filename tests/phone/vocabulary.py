"""What TwiML twilio-python's VoiceResponse can build, read from the library itself.

Each builder method (`VoiceResponse.dial`, `Dial.queue`, `Gather.say`, ...) says which element
may nest in which, and its keyword parameters are that element's attributes. A response using
anything else is TwiML Twilio would reject or ignore.
"""

from __future__ import annotations

import inspect
import xml.etree.ElementTree as ET
from functools import cache

from twilio.twiml import TwiML, lower_camel, voice_response

Vocabulary = dict[str, dict[str, frozenset[str]]]  # parent tag -> child tag -> attribute names


def _classes() -> dict[str, type[TwiML]]:
    return {
        name.lower(): cls
        for name, cls in inspect.getmembers(voice_response, inspect.isclass)
        if issubclass(cls, TwiML) and cls.__module__ == voice_response.__name__
    }


def _body_params(cls: type[TwiML]) -> set[str]:
    """Constructor parameters that become the element's text, not attributes."""
    params = inspect.signature(cls.__init__).parameters.values()
    return {p.name for p in params if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD}


def _tag(cls: type[TwiML]) -> str:
    return cls(**{name: "x" for name in _body_params(cls)}).name


@cache
def vocabulary() -> Vocabulary:
    classes = _classes()
    allowed: Vocabulary = {}
    for parent in classes.values():
        children: dict[str, frozenset[str]] = {}
        for method_name, method in vars(parent).items():
            child = classes.get(method_name.rstrip("_").replace("_", ""))
            if method_name.startswith("__") or child is None or not callable(method):
                continue
            params = inspect.signature(method).parameters.values()
            names = {p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD} - {"self"}
            attrs = {lower_camel(TwiML.MAP.get(n, n)) for n in names - _body_params(child)}
            children[_tag(child)] = frozenset(attrs)
        allowed[_tag(parent)] = children
    return allowed


def check_twiml(body: bytes) -> ET.Element:
    """Parse a TwiML response; AssertionError names the first element or attribute twilio-python
    does not know."""
    root = ET.fromstring(body)
    assert root.tag == "Response", f"root element is <{root.tag}>, not <Response>"
    _check(root, vocabulary())
    return root


def _check(element: ET.Element, allowed: Vocabulary) -> None:
    for child in element:
        known = allowed.get(element.tag, {})
        assert child.tag in known, f"<{child.tag}> is not allowed inside <{element.tag}>"
        unknown = set(child.attrib) - known[child.tag]
        assert not unknown, f"<{child.tag}> has unknown attributes {sorted(unknown)}"
        _check(child, allowed)
