"""The department script editor through Flask's test client: validation next to the field, a new
version per save, history and revert, and the next call speaking the live version."""

from __future__ import annotations

import io
import re
import time
from html import unescape

import pytest
from flask.testing import FlaskClient

from ivr.app import create_app
from ivr.phone.webhooks import CLOCK
from ivr.store.script_edits import RECHECK_SECONDS, history
from tests.conftest import signed_post
from tests.web.conftest import OPEN_HOURS, Site, csrf_of, editor_form

EDIT = "/departments/appliance-service"
NUMBER = "+864008001001"


def form_of(client: FlaskClient) -> dict[str, str]:
    return editor_form(client, EDIT)


def errors_in(html: str, field: str) -> str:
    found = re.search(rf'<ul class="field-errors" id="errors-{field}">(.*?)</ul>', html, re.S)
    return unescape(found.group(1)) if found else ""


def greeting_heard(site: Site) -> str:
    return signed_post(site.app.test_client(), "/voice", {"To": NUMBER, "CallSid": "CA1"}).get_data(
        as_text=True
    )


def test_unchanged_form_saves_no_version(site: Site, admin: FlaskClient) -> None:
    answer = admin.post(EDIT, data=form_of(admin), follow_redirects=True)
    assert "没有改动" in answer.get_data(as_text=True)
    with site.store() as session:
        assert history(session, "appliance-service") == []


@pytest.mark.parametrize(
    ("field", "change", "shown_in", "message"),
    [
        (
            "menu",
            lambda t: t.replace("options:", "options: [", 1),
            "menu",
            "not valid YAML at line",
        ),
        (
            "phrases.greeting",
            lambda t: t.replace("{department}", "{departmnet}", 1),
            "phrases.greeting",
            "unknown placeholder {departmnet}",
        ),
        (
            "hours.weekly.wed",
            lambda t: t.replace("08:00-20:00", "20:00-08:00", 1),
            "hours.weekly.wed",
            "ends before it starts",
        ),
        ("hours.timezone", lambda t: "Mars/Olympus", "hours.timezone", "unknown timezone"),
        ("hours.holidays", lambda t: t + ", 10月1日", "hours.holidays", "date"),
        (
            "menu",
            lambda t: t.replace("airline-service", "no-such-dept"),
            "menu",
            "unknown department",
        ),
        (
            "general",
            lambda t: t.replace("+864008001001", "+864008002002"),
            "general",
            "also answered",
        ),
        (
            "agents",
            lambda t: t + "follow_up_time: 明天\n",
            "agents",
            "belongs in the 'follow_up_time'",
        ),
    ],
)
def test_invalid_edit_is_refused_next_to_its_field(
    site: Site,
    admin: FlaskClient,
    field: str,
    change,
    shown_in: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    form = form_of(admin)
    form[field] = change(form[field])
    answer = admin.post(EDIT, data=form, headers={"Accept-Language": "en"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert message in errors_in(html, shown_in), errors_in(html, shown_in)
    assert unescape(form[field].split("\n")[0]) in unescape(html)  # what was typed is kept
    assert 'id="error-summary"' in html and message in unescape(html.split("</ol>")[0])
    with site.store() as session:
        assert history(session, "appliance-service") == []


def test_validation_messages_follow_the_page_language(admin: FlaskClient) -> None:
    form = form_of(admin)
    form["phrases.greeting"] = form["phrases.greeting"].replace("{department}", "{dept}")
    form["hours.weekly.mon"] = "20:00-08:00"
    form["general"] = form["general"].replace("Polly.Zhiyu", "Polly.Joanna")
    html = admin.post(EDIT, data=form, headers={"Accept-Language": "zh-CN"}).get_data(True)
    summary = unescape(html.split('id="error-summary"')[1].split("</ol>")[0])
    assert "未知的占位符 {dept}；可用的占位符：" in summary
    assert "'20:00-08:00' 的结束时间早于开始时间" in summary
    assert "语音 'Polly.Joanna' 不能说 zh-CN" in summary
    assert "unknown" not in summary and "does not speak" not in summary


def test_each_save_is_a_version_and_revert_brings_one_back(site: Site, admin: FlaskClient) -> None:
    original = greeting_heard(site)
    assert "很高兴为您服务" in original
    for word in ("第一版", "第二版"):
        form = form_of(admin)
        form["phrases.greeting"] = form["phrases.greeting"].replace(
            "很高兴为您服务", f"{word}很高兴为您服务", 1
        )
        admin.post(EDIT, data=form)
        assert f"{word}很高兴为您服务" in greeting_heard(site)
    with site.store() as session:
        revisions = history(session, "appliance-service")
    assert [r.number for r in revisions] == [2, 1]
    assert all(r.username == "ada" and r.action == "save" for r in revisions)

    page = admin.get(EDIT + "/history").get_data(as_text=True)
    assert '<span class="del">-  greeting: 您好，{department}，第一版很高兴' in page
    assert '<span class="add">+  greeting: 您好，{department}，第一版第二版很高兴' in page

    admin.post(EDIT + "/revert/1", data={"csrf_token": csrf_of(page)})
    assert "第一版很高兴为您服务" in greeting_heard(site)
    assert "第二版" not in greeting_heard(site)
    with site.store() as session:
        newest = history(session, "appliance-service")[0]
    assert (newest.number, newest.action, newest.version) == (3, "revert", revisions[1].version)


def test_another_process_on_the_same_store_hears_the_new_version(
    site: Site, admin: FlaskClient
) -> None:
    other = create_app(site.settings)  # as a second gunicorn worker or `ivr simulate` would
    other.config[CLOCK] = lambda: OPEN_HOURS
    assert "另一个进程" not in signed_post(other.test_client(), "/voice", {"To": NUMBER}).get_data(
        as_text=True
    )
    form = form_of(admin)
    form["phrases.greeting"] = form["phrases.greeting"].replace(
        "很高兴为您服务", "另一个进程很高兴为您服务", 1
    )
    admin.post(EDIT, data=form)
    time.sleep(RECHECK_SECONDS)  # how long another process may keep the version it had
    heard = signed_post(other.test_client(), "/voice", {"To": NUMBER}).get_data(as_text=True)
    assert "另一个进程很高兴为您服务" in heard


def test_preview_shows_the_draft_without_saving(site: Site, admin: FlaskClient) -> None:
    form = form_of(admin)
    form["phrases.greeting"] = form["phrases.greeting"].replace(
        "很高兴为您服务", "预览很高兴为您服务", 1
    )
    html = admin.post(EDIT, data={**form, "action": "preview"}).get_data(as_text=True)
    assert "预览很高兴为您服务" in html.split('id="preview"')[1]
    assert "&lt;Gather" in html  # the TwiML itself, escaped
    assert "预览" not in greeting_heard(site)


def test_upload_that_is_not_audio_is_refused(site: Site, admin: FlaskClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(admin.get(EDIT).get_data(as_text=True))
    answer = admin.post(
        EDIT + "/greeting",
        data={"csrf_token": token, "greeting": (io.BytesIO(b"not audio at all"), "hello.mp3")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    shown = html.split('id="greeting"')[1].split("</section>")[0]  # where the page lands
    assert "hello.mp3" in shown and "WAV" in shown
    assert "hello.mp3" not in html.split('id="greeting"')[0]
    [message] = [m for m in re.findall(r">([^<>]*)<", shown) if "hello.mp3" in m]
    assert message.count(". ") == 0 and len(message) < 100, message  # one short sentence
    assert "/" not in message and "ffmpeg" not in message  # no paths, no build banner
    assert "<Play>" not in greeting_heard(site).split("<Gather")[0]


def test_a_save_over_a_newer_version_is_refused_and_loses_nothing(
    site: Site, admin: FlaskClient
) -> None:
    mine, theirs = form_of(admin), form_of(admin)
    theirs["phrases.greeting"] = theirs["phrases.greeting"].replace(
        "很高兴为您服务", "他们的很高兴为您服务", 1
    )
    admin.post(EDIT, data=theirs)
    mine["phrases.greeting"] = mine["phrases.greeting"].replace(
        "很高兴为您服务", "我的很高兴为您服务", 1
    )
    answer = admin.post(EDIT, data=mine)
    assert answer.status_code == 409
    assert "我的很高兴为您服务" in answer.get_data(as_text=True)  # kept in the form
    assert "他们的很高兴为您服务" in greeting_heard(site)
