"""The review workflow through Flask's test client on a seeded store: call status end to end (a
failed import, its reason and retry), scores that follow the reviewers' overrides, the review
queue and sign-off."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from ivr.cli import cli
from ivr.store.models import Call, Job
from ivr.store.status import call_status
from tests.conftest import TOKEN
from tests.web.conftest import Site, csrf_of
from tests.web.seed import CALLS

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _import_bad_file(site: Site, folder: Path) -> int:
    """`ivr import` of a file that is not audio: the real command, the real worker."""
    folder.mkdir()
    (folder / "broken.wav").write_bytes(b"this is not a recording at all" * 40)
    env = {
        "IVR_DATA_DIR": str(site.settings.data_dir),
        "IVR_AUDIO_DIR": str(site.settings.audio_dir),
        "TWILIO_AUTH_TOKEN": TOKEN,
    }
    done = CliRunner().invoke(cli, ["import", str(folder)], env=env)
    assert done.exit_code == 0, done.output
    assert "failed" in done.output
    with site.store() as session:
        return max(session.scalars(select(Call.id)))


def test_a_failed_import_shows_its_status_reason_and_retry(site: Site, reviewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    call_id = _import_bad_file(site, tmp_path / "import")
    with site.store() as session:
        job = session.scalars(select(Job).where(Job.call_id == call_id)).one()
        assert (job.state, job.error_kind, job.attempts) == ("failed", "AudioError", 1)
        first_finish = job.finished_at

    listed = reviewer.get("/calls?status=failed", headers=ZH).get_data(as_text=True)
    assert f'data-call="{call_id}" data-status="failed"' in listed
    assert listed.count('data-status="') == 1  # the seeded calls are all checked
    page = reviewer.get(f"/calls/{call_id}", headers=ZH).get_data(as_text=True)
    assert "处理失败" in page and "录音文件不是可读取的音频。" in page
    assert '<details><summary>详细信息</summary><pre class="detail" lang="en">' in page
    assert 'id="retry"' in page

    answer = reviewer.post(f"/calls/{call_id}/retry", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 302
    with site.store() as session:
        job = session.scalars(select(Job).where(Job.call_id == call_id)).one()
        assert (job.state, job.attempts, job.error_kind) == ("queued", 0, None)
        assert call_status(session, call_id, 80) == "received"
    # The retry runs the job again: the worker claims it once more and it fails the same way.
    env = {"IVR_DATA_DIR": str(site.settings.data_dir), "TWILIO_AUTH_TOKEN": TOKEN}
    ran = CliRunner().invoke(cli, ["worker", "--drain"], env=env)
    assert ran.exit_code == 0, ran.output
    with site.store() as session:
        job = session.scalars(select(Job).where(Job.call_id == call_id)).one()
        assert (job.state, job.attempts, job.error_kind) == ("failed", 1, "AudioError")
        assert job.finished_at > first_finish

    board = reviewer.get("/dashboard", headers=ZH).get_data(as_text=True)
    assert 'data-why="failed">处理失败: 1</a>' in board


def test_an_override_changes_the_score_the_list_and_export_use(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    call_id = site.call_ids[1]  # a rude call: greeting failed
    with site.store() as session:
        call = session.get(Call, call_id)
        checker = call.score
        assert call.final_score == checker
    page = reviewer.get(f"/calls/{call_id}").get_data(as_text=True)
    reviewer.post(
        f"/calls/{call_id}/override",
        data={
            "rule": "greeting",
            "status": "pass",
            "comment": "问候被噪音盖住",
            "csrf_token": csrf_of(page),
        },
    )
    with site.store() as session:
        call = session.get(Call, call_id)
        assert call.score == checker  # the checker's own score stays
        assert call.final_score > checker
        reviewed = call.final_score
    listed = reviewer.get("/calls", headers=ZH).get_data(as_text=True)
    row = listed.split(f'data-call="{call_id}"')[1].split("</tr>")[0]
    assert f">{reviewed:.0f}</span>" in row and f"({checker:.0f})" in row
    page = reviewer.get(f"/calls/{call_id}", headers=ZH).get_data(as_text=True)
    assert f'<span id="checker-score">{checker:.0f}</span>' in page
    assert "及格线" in page
    rows = json.loads(reviewer.get("/calls/export.json").get_data(as_text=True))
    (exported,) = [r for r in rows if r["id"] == call_id]
    assert (exported["score"], exported["checker_score"]) == (reviewed, checker)
    assert exported["statuses"]["greeting"] == "pass"


def test_a_good_score_with_a_failed_critical_rule_fails(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    call_id = site.call_ids[0]  # a good call
    page = reviewer.get(f"/calls/{call_id}").get_data(as_text=True)
    assert 'id="passed">Passed' in page or 'id="passed">通过' in page
    with site.store() as session:
        call = session.get(Call, call_id)
        critical = next((f.rule for f in call.findings if f.data.get("critical")), None)
    assert critical is not None, "the appliance department has a critical rule"
    reviewer.post(
        f"/calls/{call_id}/override",
        data={"rule": critical, "status": "fail", "comment": "x", "csrf_token": csrf_of(page)},
    )
    page = reviewer.get(f"/calls/{call_id}", headers=ZH).get_data(as_text=True)
    assert 'id="passed">未通过' in page and "关键规则未通过" in page


def test_the_queue_holds_uncertain_calls_until_reviewed(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    with site.store() as session:
        uncertain = [c.id for c in session.scalars(select(Call).where(Call.uncertain > 0))]
        calm = [
            c.id
            for c in session.scalars(select(Call))
            if not c.uncertain and not c.critical_failed and abs(c.final_score - 80) > 5
        ]
    assert uncertain, "the seeded calls include an uncertain finding"
    queue = reviewer.get("/queue").get_data(as_text=True)
    for call_id in uncertain:
        assert f'data-call="{call_id}"' in queue
    for call_id in calm:
        assert f'data-call="{call_id}"' not in queue
    target = uncertain[0]
    page = reviewer.get(f"/calls/{target}").get_data(as_text=True)
    answer = reviewer.post(
        f"/calls/{target}/signoff", data={"csrf_token": csrf_of(page), "next": "queue"}
    )
    assert answer.location == "/queue"
    assert f'data-call="{target}"' not in reviewer.get("/queue").get_data(as_text=True)
    reviewed = reviewer.get("/calls?reviewed=yes").get_data(as_text=True)
    assert f'data-call="{target}" data-status="reviewed"' in reviewed
    reviewer.post(f"/calls/{target}/signoff", data={"csrf_token": csrf_of(page), "undo": "1"})
    assert f'data-call="{target}"' in reviewer.get("/queue").get_data(as_text=True)


def test_every_column_sorts(site: Site, reviewer) -> None:  # type: ignore[no-untyped-def]
    with site.store() as session:
        calls = list(session.scalars(select(Call)))
    by_score = sorted(calls, key=lambda c: (c.final_score, -c.id))

    def order(query: str) -> list[int]:
        html = reviewer.get(f"/calls?{query}").get_data(as_text=True)
        return [int(part.split('"')[0]) for part in html.split('data-call="')[1:]]

    assert order("sort=score&dir=asc")[0] == by_score[0].id
    assert order("sort=score&dir=desc")[0] == max(calls, key=lambda c: (c.final_score, c.id)).id
    agents = [c.agent for c in sorted(calls, key=lambda c: c.agent)]
    got = order("sort=agent&dir=asc")
    assert [next(c.agent for c in calls if c.id == i) for i in got] == agents
    for column in ("date", "department", "duration", "status", "failed"):
        assert sorted(order(f"sort={column}&dir=asc")) == sorted(c.id for c in calls)
    assert len(CALLS) == len(calls)


def test_only_reviewers_and_admins_judge_calls(site: Site) -> None:
    """A role other than reviewer or admin (live assist's agents) may not override or sign off."""
    from werkzeug.security import generate_password_hash

    from ivr.store.db import transaction
    from ivr.store.users import User
    from tests.web.conftest import login

    with transaction(site.store) as session:
        session.add(User(username="ann", password_hash=generate_password_hash("agent-pass-1"),
                         role="agent"))  # fmt: skip
    client = site.app.test_client()
    assert login(client, ("ann", "agent-pass-1")).status_code == 302
    call_id = site.call_ids[1]
    token = csrf_of(client.get(f"/calls/{call_id}").get_data(as_text=True))
    for action in ("signoff", "retry", "recheck"):
        assert (
            client.post(f"/calls/{call_id}/{action}", data={"csrf_token": token}).status_code == 403
        )
    with site.store() as session:
        assert session.get(Call, call_id).signed_off_at is None
