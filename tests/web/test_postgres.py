"""The pages' queries on the real PostgreSQL (JSON, subqueries, text search, the edit log), when
IVR_TEST_POSTGRES_URL is set, as scripts/test.sh does; each test in its own schema."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from ivr.phone.webhooks import CLOCK
from tests.conftest import signed_post
from tests.web.conftest import ADMIN, REVIEWER, Site, build_site, csrf_of, editor_form, login
from tests.web.seed import CALLS

POSTGRES = os.environ.get("IVR_TEST_POSTGRES_URL")


@pytest.fixture
def pg_site(tmp_path: Path) -> Iterator[Site]:
    if not POSTGRES:
        pytest.skip("IVR_TEST_POSTGRES_URL is not set (scripts/test.sh starts PostgreSQL)")
    schema = f"w_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in POSTGRES else "?"
    try:
        site = build_site(tmp_path, f"{POSTGRES}{sep}options=-csearch_path%3D{schema}")
        yield site
        site.store.kw["bind"].dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_filters_overrides_and_exports_on_postgres(pg_site: Site) -> None:
    client = pg_site.app.test_client()
    assert login(client, REVIEWER).status_code == 302
    rude = [i for i, c in zip(pg_site.call_ids, CALLS, strict=True) if c.agent == "agent-210"]
    rows = json.loads(client.get("/calls/export.json?rule=banned_phrase&q=不归我管").data)
    assert sorted(row["id"] for row in rows) == sorted(rude)

    page = client.get(f"/calls/{rude[0]}").get_data(as_text=True)
    client.post(
        f"/calls/{rude[0]}/override",
        data={
            "rule": "banned_phrase",
            "status": "pass",
            "comment": "误识别",
            "csrf_token": csrf_of(page),
        },
    )
    rows = json.loads(client.get("/calls/export.json?rule=banned_phrase").data)
    assert [row["id"] for row in rows] == [rude[1]]
    assert client.get("/dashboard").status_code == 200


def test_saved_script_is_live_on_postgres(pg_site: Site) -> None:
    client = pg_site.app.test_client()
    assert login(client, ADMIN).status_code == 302
    form = editor_form(client, "/departments/billing-en")
    form["phrases.greeting"] = form["phrases.greeting"].replace(
        "happy to help you", "glad to help you", 1
    )
    client.post("/departments/billing-en", data=form)
    pg_site.app.config[CLOCK] = lambda: datetime(
        2026, 11, 23, 11, tzinfo=ZoneInfo("America/New_York")
    )
    heard = signed_post(pg_site.app.test_client(), "/voice", {"To": "+15005550006"})
    assert "glad to help you" in heard.get_data(as_text=True)
