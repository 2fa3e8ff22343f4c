"""Fixtures for the web pages: an app on a temporary SQLite store, users, seeded calls, and (for
the browser tests) the same app served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

from ivr.app import create_app
from ivr.phone.webhooks import CLOCK
from ivr.settings import Settings, load_settings
from ivr.store.db import transaction
from ivr.store.migrate import open_store
from ivr.store.models import Call
from ivr.store.users import add_user
from tests.conftest import TOKEN
from tests.web.seed import seed_calls, write_wav

ADMIN = ("ada", "admin-pass-1")
OPEN_HOURS = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REVIEWER = ("rita", "review-pass-1")


def make_settings(root: Path, database_url: str | None = None) -> Settings:
    return load_settings(
        database_url=database_url,
        twilio_auth_token=TOKEN,
        twilio_account_sid="AC" + "0" * 32,
        data_dir=root / "var",
        audio_dir=root / "audio",
        secret_key="web-test-secret",
    )


@dataclass
class Site:
    """An app with its store, users and seeded calls."""

    app: Flask
    settings: Settings
    store: sessionmaker[Session]
    call_ids: list[int]
    audio: Path


def build_site(root: Path, database_url: str | None = None) -> Site:
    settings = make_settings(root, database_url)
    (root / "audio").mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    app.config[CLOCK] = lambda: OPEN_HOURS
    store = open_store(settings.db_url)
    with transaction(store) as session:
        add_user(session, *ADMIN, role="admin")
        add_user(session, *REVIEWER, role="reviewer")
    audio = write_wav(root / "var" / "recordings" / "call.wav")
    ids = seed_calls(store, app.extensions["ivr"].scripts, audio)
    return Site(app, settings, store, ids, audio)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded store per test session; each test gets a copy (seeding runs the checker)."""
    site = build_site(tmp_path_factory.mktemp("seeded"))
    with site.store() as session:
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return site.settings.data_dir / "ivr.db"


@pytest.fixture
def site(tmp_path: Path, seeded_db: Path) -> Site:
    settings = make_settings(tmp_path)
    settings.data_dir.mkdir(parents=True)
    settings.audio_dir.mkdir(parents=True)
    shutil.copy(seeded_db, settings.data_dir / "ivr.db")
    app = create_app(settings)
    app.config[CLOCK] = lambda: OPEN_HOURS
    store = open_store(settings.db_url)
    with store() as session:
        ids = list(session.scalars(select(Call.id).order_by(Call.id)))
    return Site(app, settings, store, ids, seeded_db.parent / "recordings" / "call.wav")


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def editor_form(client: FlaskClient, path: str) -> dict[str, str]:
    """What the browser would post from a script editor page: every textarea, input and checked
    box of the script form."""
    html = client.get(path).get_data(as_text=True).split('id="greeting"')[0]
    texts = re.findall(r'<textarea[^>]*\bname="([\w.]+)"[^>]*>(.*?)</textarea>', html, re.S)
    form = {name: unescape(text) for name, text in texts}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([\w.]+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name and ('type="checkbox"' not in tag or "checked" in tag):
            form[name.group(1)] = unescape(value.group(1)) if value else ""
    assert "base_version" in form, "the editor does not say which version it edits"
    assert "phrases.greeting" in form and "menu" in form
    return form


def login(client: FlaskClient, user: tuple[str, str]):
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"username": user[0], "password": user[1], "csrf_token": token}
    )


@pytest.fixture
def reviewer(site: Site) -> FlaskClient:
    client = site.app.test_client()
    assert login(client, REVIEWER).status_code == 302
    return client


@pytest.fixture
def admin(site: Site) -> FlaskClient:
    client = site.app.test_client()
    assert login(client, ADMIN).status_code == 302
    return client


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    """The seeded app served by werkzeug's threaded server on a free port of 127.0.0.1."""
    site = build_site(tmp_path_factory.mktemp("live"))
    server = make_server("127.0.0.1", 0, site.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
