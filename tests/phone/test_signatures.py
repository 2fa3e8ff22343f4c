"""Every webhook answers only requests Twilio signed, over the URL Twilio called."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from ivr.app import create_app
from ivr.settings import load_settings
from ivr.twilio_auth import sign
from tests.conftest import TOKEN, signed_post
from tests.phone.conftest import APPLIANCE, OPEN, set_clock

WEBHOOKS = [
    "/voice",
    "/voice/menu?department=appliance-service&path=&failures=0",
    "/voice/hold?department=appliance-service",
    "/voice/queue/result?department=appliance-service",
    "/voice/connected?department=appliance-service",
    "/voice/agent?department=appliance-service",
    "/voice/agent/result?department=appliance-service",
    "/voice/dial/result?department=appliance-service",
    "/voice/voicemail/done?department=appliance-service",
]
FORM = {"CallSid": "CA" + "3" * 32, "To": APPLIANCE, "From": "+8613800138000", "Digits": "1"}


@pytest.mark.parametrize("path", WEBHOOKS)
def test_unsigned_and_forged_requests_get_403(open_app: Flask, path: str) -> None:
    client = open_app.test_client()
    assert client.post(path, data=FORM).status_code == 403
    forged = signed_post(client, path, FORM, token="not-the-auth-token")
    assert forged.status_code == 403 and b"X-Twilio-Signature" in forged.data
    signature = sign(TOKEN, "http://localhost" + path, FORM)
    tampered = client.post(
        path, data={**FORM, "Digits": "9"}, headers={"X-Twilio-Signature": signature}
    )
    assert tampered.status_code == 403
    assert signed_post(client, path, FORM).status_code == 200


def test_signature_over_the_public_url_behind_a_proxy(tmp_path: Path) -> None:
    settings = load_settings(
        twilio_auth_token=TOKEN,
        public_base_url="https://ivr.example.com/",
        data_dir=tmp_path,
        secret_key="test-secret",
    )
    app = create_app(settings)
    set_clock(app, OPEN)
    client = app.test_client()
    path = "/voice/menu?department=appliance-service&path=&failures=0"
    # Flask sees http://localhost (the proxy's upstream); Twilio signed the public URL.
    behind_proxy = signed_post(client, path, FORM, base="https://ivr.example.com")
    assert behind_proxy.status_code == 200 and b"<Enqueue" in behind_proxy.data
    assert signed_post(client, path, FORM).status_code == 403


def test_signature_over_the_url_a_trusted_proxy_forwarded(tmp_path: Path) -> None:
    settings = load_settings(
        twilio_auth_token=TOKEN, proxies=1, data_dir=tmp_path, secret_key="test-secret"
    )
    app = create_app(settings)
    set_clock(app, OPEN)
    client = app.test_client()
    path = "/voice/menu?department=appliance-service&path=&failures=0"
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "ivr.example.com"}
    # No PUBLIC_BASE_URL: the URL Twilio called is the one the proxy says it forwarded.
    answer = signed_post(client, path, FORM, base="https://ivr.example.com", headers=forwarded)
    assert answer.status_code == 200 and b"<Enqueue" in answer.data
    assert signed_post(client, path, FORM, headers=forwarded).status_code == 403
