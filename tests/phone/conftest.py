"""A caller for whole-call walks: signed requests to the real app, every answer checked TwiML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ivr.phone.webhooks import CLOCK
from tests.conftest import signed_post
from tests.phone.vocabulary import check_twiml

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-23: 10:00 in Shanghai is open for the Mandarin departments.
OPEN = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
APPLIANCE = "+864008001001"
AIRLINE = "+864008002002"
BILLING = "+15005550006"


def set_clock(app: Flask, moment: datetime) -> None:
    app.config[CLOCK] = lambda: moment


@dataclass
class Caller:
    """One phone call: posts what Twilio would post, signed, and follows the TwiML's URLs."""

    client: FlaskClient
    to: str
    sid: str = "CA" + "1" * 32
    caller: str = "+8613800138000"
    heard: list[ET.Element] = field(default_factory=list)

    def post(self, url: str, **params: str) -> ET.Element:
        form = {"CallSid": self.sid, "To": self.to, "From": self.caller, **params}
        response = signed_post(self.client, url, form)
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        assert response.mimetype_params.get("charset") == "utf-8"
        root = check_twiml(response.data)
        self.heard.append(root)
        return root

    def dial_in(self) -> ET.Element:
        return self.post("/voice")

    def press(self, root: ET.Element, digits: str) -> ET.Element:
        return self.post(one(root, "Gather").attrib["action"], Digits=digits)

    def say(self, root: ET.Element, words: str) -> ET.Element:
        return self.post(one(root, "Gather").attrib["action"], SpeechResult=words)

    def stay_silent(self, root: ET.Element) -> ET.Element:
        """No input: Twilio moves on to the verb after <Gather>, a <Redirect>."""
        verbs = [e.tag for e in root]
        redirect = root[verbs.index("Gather") + 1]
        assert redirect.tag == "Redirect"
        return self.post(redirect.text or "")


def one(root: ET.Element, tag: str) -> ET.Element:
    found = root.findall(f".//{tag}")
    assert len(found) == 1, f"expected one <{tag}> in {ET.tostring(root, encoding='unicode')}"
    return found[0]


def spoken(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter("Say")]


def verbs(root: ET.Element) -> list[str]:
    return [e.tag for e in root]


@pytest.fixture
def open_app(app: Flask) -> Flask:
    set_clock(app, OPEN)
    return app


@pytest.fixture
def appliance(open_app: Flask) -> Caller:
    return Caller(open_app.test_client(), APPLIANCE)
