"""Fixtures shared by every test package: fresh settings and a fresh app per test."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ivr.app import create_app
from ivr.settings import Settings, load_settings
from ivr.twilio_auth import sign
from tests.browser import browser  # noqa: F401  (a fixture for every browser test)

TOKEN = "test-auth-token-0123456789abcdef"
BASE = "http://localhost"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        twilio_auth_token=TOKEN,
        twilio_account_sid="AC" + "0" * 32,
        data_dir=tmp_path / "var",
        secret_key="test-secret",
    )


@pytest.fixture
def app(settings: Settings) -> Flask:
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def signed_post(
    client: FlaskClient,
    path: str,
    params: Mapping[str, str],
    token: str = TOKEN,
    base: str = BASE,
    headers: Mapping[str, str] | None = None,
    **kwargs: object,
):
    """POST `params` to `path` with the signature Twilio would compute for `base + path`."""
    signed = {**(headers or {}), "X-Twilio-Signature": sign(token, base + path, params)}
    return client.post(path, data=dict(params), headers=signed, **kwargs)
