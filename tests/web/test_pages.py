"""The pages through Flask's test client, on a real SQLite store seeded with checked calls:
access rules, CSRF, filters, paging, exports, overrides, re-checks and `ivr users`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from ivr.cli import cli
from ivr.store.db import transaction
from ivr.store.models import Call
from ivr.store.overrides import FindingOverride
from ivr.web import queries
from tests.web.conftest import REVIEWER, Site, csrf_of, login
from tests.web.seed import CALLS

PAGES = [
    "/",
    "/calls",
    "/calls/1",
    "/calls/1/audio",
    "/calls/export.csv",
    "/calls/export.json",
    "/dashboard",
    "/departments",
    "/departments/appliance-service",
    "/departments/appliance-service/history",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_a_login(site: Site, path: str) -> None:
    answer = site.app.test_client().get(path)
    assert answer.status_code == 302
    assert answer.location.startswith("/login")
    assert b"RIFF" not in answer.data and "不归我管".encode() not in answer.data


# What anyone may reach: the login page and its assets, the language switch, and what Twilio
# fetches (prompt audio) or posts (webhooks, refused below without Twilio's signature).
OPEN = {"static", "auth.login", "auth.logout", "auth.choose_language"}
TWILIO = {"phone.prompts.serve"}
SAMPLE_ARGS = {"call_id": 1, "fmt": "csv", "department_id": "appliance-service", "number": 1}


def test_every_route_is_closed_without_login(site: Site) -> None:
    """Not only the pages listed above: a route added later is checked too."""
    client = site.app.test_client()
    checked = []
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint in OPEN | TWILIO:
            continue
        path = rule.build({name: SAMPLE_ARGS[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # A WebSocket route (Twilio's media streams) only answers a WebSocket handshake.
            upgrade = {"Upgrade": "websocket", "Connection": "Upgrade"} if rule.websocket else {}
            answer = client.open(path, method=method, headers=upgrade)
            if rule.endpoint.startswith(("phone.", "recordings.", "live_media.")):
                assert answer.status_code == 403, (method, path)  # unsigned
            else:
                assert answer.status_code == 302, (method, path)
                assert answer.location.startswith("/login"), (method, path)
            assert b"RIFF" not in answer.data and "不归我管".encode() not in answer.data
            checked.append(path)
    assert {"/calls/1/audio", "/calls/1", "/calls/export.csv"} <= set(checked)


def test_posts_need_a_login_too(site: Site) -> None:
    client = site.app.test_client()
    answer = client.post("/calls/1/override", data={"rule": "closing", "status": "pass"})
    assert answer.status_code == 302 and answer.location.startswith("/login")
    with site.store() as session:
        assert session.scalars(select(FindingOverride)).all() == []


@pytest.mark.parametrize(
    "path",
    ["/departments", "/departments/appliance-service", "/departments/appliance-service/history"],
)
def test_reviewers_cannot_configure(reviewer, path: str) -> None:  # type: ignore[no-untyped-def]
    assert reviewer.get(path).status_code == 403


def test_form_without_csrf_token_is_refused(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    answer = reviewer.post(
        f"/calls/{site.call_ids[1]}/override",
        data={"rule": "closing", "status": "pass", "comment": "no token"},
    )
    assert answer.status_code == 400
    assert "请刷新页面后重试" in answer.get_data(as_text=True)
    with site.store() as session:
        assert session.scalars(select(FindingOverride)).all() == []


def test_wrong_password_and_unknown_user_look_the_same(site: Site) -> None:
    client = site.app.test_client()
    wrong = login(client, (REVIEWER[0], "wrong-password"))
    unknown = login(client, ("nobody", "wrong-password"))
    assert wrong.status_code == unknown.status_code == 401
    assert client.get("/calls").status_code == 302


def test_login_goes_back_only_to_this_site(site: Site) -> None:
    client = site.app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    form = {"username": REVIEWER[0], "password": REVIEWER[1], "csrf_token": token}
    answer = client.post("/login?next=//evil.example/steal", data=form)
    assert answer.location == "/calls"
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/calls").get_data(True))})
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post("/login?next=/dashboard", data={**form, "csrf_token": token})
    assert answer.location == "/dashboard"


def test_audio_is_served_with_ranges_for_seeking(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    answer = reviewer.get(f"/calls/{site.call_ids[0]}/audio", headers={"Range": "bytes=44-143"})
    assert answer.status_code == 206
    assert answer.data == site.audio.read_bytes()[44:144]


def test_json_export_is_the_filtered_set(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    answer = reviewer.get("/calls/export.json?department=airline-service&score_min=50")
    rows = json.loads(answer.get_data(as_text=True))
    expected = [
        i for i, c in zip(site.call_ids, CALLS, strict=True) if c.department == "airline-service"
    ]
    assert sorted(row["id"] for row in rows) == sorted(expected)
    assert all(row["department"] == "airline-service" and row["score"] >= 50 for row in rows)
    assert "attachment" in answer.headers["Content-Disposition"]


def test_paging_keeps_the_filters(site: Site, reviewer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    appliance = [
        i for i, c in zip(site.call_ids, CALLS, strict=True) if c.department == "appliance-service"
    ]
    first = reviewer.get("/calls?department=appliance-service").get_data(as_text=True)
    assert 'href="/calls?department=appliance-service&amp;page=2" rel="next"' in first
    seen: list[int] = []
    for page in (1, 2):
        html = reviewer.get(f"/calls?department=appliance-service&page={page}").get_data(True)
        seen += [int(part.split('"')[0]) for part in html.split('data-call="')[1:]]
    assert sorted(seen) == sorted(appliance)


def test_unreadable_filter_is_named_not_a_crash(reviewer) -> None:  # type: ignore[no-untyped-def]
    answer = reviewer.get(
        "/calls?score_min=lots&date_from=yesterday&status=bogus&sort=colour",
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Min score: “lots” is not a number from 0 to 100." in html
    assert "From: “yesterday” is not a date from 1970-01-01 to 2999-12-31, like 2026-01-31." in html
    assert "Status: “bogus” is not one of: Received, Transcribing, Checked," in html
    assert "Sort by: “colour” is not one of: Date, Department," in html
    zh = reviewer.get("/calls?score_min=lots", headers={"Accept-Language": "zh-CN"})
    assert "最低分：“lots”不是0 到 100 之间的数字。" in zh.get_data(as_text=True) or (
        "最低分: “lots”不是0 到 100 之间的数字。" in zh.get_data(as_text=True)
    )


def test_override_needs_a_comment_and_keeps_who_and_what(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    call_id = site.call_ids[1]
    page = reviewer.get(f"/calls/{call_id}").get_data(as_text=True)
    form = {"rule": "greeting", "status": "pass", "csrf_token": csrf_of(page)}
    answer = reviewer.post(
        f"/calls/{call_id}/override", data={**form, "comment": "  "}, follow_redirects=True
    )
    assert "人工修正需要填写备注" in answer.get_data(as_text=True)
    reviewer.post(
        f"/calls/{call_id}/override", data={**form, "comment": "坐席说了您好，被噪音盖住"}
    )
    with site.store() as session:
        (kept,) = session.scalars(select(FindingOverride)).all()
        assert (kept.rule, kept.before, kept.after, kept.user.username) == (
            "greeting",
            "fail",
            "pass",
            REVIEWER[0],
        )
        assert kept.comment == "坐席说了您好，被噪音盖住"


def test_recheck_runs_the_checker_again(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    call_id = site.call_ids[1]
    with transaction(site.store) as session:
        call = session.get(Call, call_id)
        original, call.score = call.score, 99.0
    page = reviewer.get(f"/calls/{call_id}").get_data(as_text=True)
    reviewer.post(f"/calls/{call_id}/recheck", data={"csrf_token": csrf_of(page)})
    with site.store() as session:
        assert session.get(Call, call_id).score == original


def test_users_add_command(site: Site) -> None:
    env = {"IVR_DATA_DIR": str(site.settings.data_dir)}
    runner = CliRunner()
    added = runner.invoke(
        cli, ["users", "add", "qa-lead", "--role", "admin", "--password", "long-enough-1"], env=env
    )
    assert added.exit_code == 0, added.output
    again = runner.invoke(cli, ["users", "add", "qa-lead", "--password", "long-enough-1"], env=env)
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(cli, ["users", "add", "shorty", "--password", "abc"], env=env)
    assert short.exit_code == 1 and "shorter than 8" in short.output
    client = site.app.test_client()
    assert login(client, ("qa-lead", "long-enough-1")).status_code == 302
    assert client.get("/departments").status_code == 200


def test_the_page_speaks_the_users_language_not_the_departments(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    english = next(
        i for i, c in zip(site.call_ids, CALLS, strict=True) if c.department == "billing-en"
    )
    chinese = site.call_ids[0]
    zh_browser = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    en_browser = {"Accept-Language": "en-GB,en;q=0.9,zh;q=0.3"}
    html = reviewer.get(f"/calls/{english}", headers=zh_browser).get_data(as_text=True)
    assert "<h2>通话文本</h2>" in html
    html = reviewer.get(f"/calls/{chinese}", headers=en_browser).get_data(as_text=True)
    assert "<h2>Transcript</h2>" in html
    token = csrf_of(reviewer.get("/calls").get_data(as_text=True))
    reviewer.post("/lang/zh", data={"csrf_token": token, "next": "/calls"})
    html = reviewer.get(f"/calls/{chinese}", headers=en_browser).get_data(as_text=True)
    assert "<h2>通话文本</h2>" in html
