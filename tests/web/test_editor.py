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
from tests.web.conftest import OPEN_HOURS, Site, csrf_of

EDIT = "/departments/appliance-service"
NUMBER = "+864008001001"


def form_of(client: FlaskClient) -> dict[str, str]:
    html = client.get(EDIT).get_data(as_text=True)
    sections = re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S)
    base = re.search(r'name="base_version" value="(\w+)"', html)
    assert base, "the editor does not say which version it edits"
    return {
        "csrf_token": csrf_of(html),
        "base_version": base.group(1),
        **{k: unescape(v) for k, v in sections},
    }


def errors_in(html: str, section: str) -> str:
    found = re.search(rf'<ul class="field-errors" id="errors-{section}">(.*?)</ul>', html, re.S)
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
    ("section", "change", "message"),
    [
        ("phrases", lambda t: t.replace("  hold:", "  hold: [", 1), "not valid YAML at line"),
        ("phrases", lambda t: t.replace("{department}", "{departmnet}", 1), "phrases.greeting"),
        ("hours", lambda t: t.replace("08:00-20:00", "20:00-08:00", 1), "ends before it starts"),
        ("menu", lambda t: t.replace("airline-service", "no-such-dept"), "unknown department"),
        ("general", lambda t: t.replace("+864008001001", "+864008002002"), "also answered"),
        ("agents", lambda t: t + "follow_up_time: 明天\n", "belongs in the 'follow_up_time'"),
        ("follow_up_time", lambda t: "- 三个工作日\n", "expected `name: value` lines"),
    ],
)
def test_invalid_edit_is_refused_next_to_its_field(
    site: Site,
    admin: FlaskClient,
    section: str,
    change,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    form = form_of(admin)
    form[section] = change(form[section])
    answer = admin.post(EDIT, data=form)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert message in errors_in(html, section), errors_in(html, section)
    assert form[section].split("\n")[0] in html  # what the admin typed is kept, not lost
    with site.store() as session:
        assert history(session, "appliance-service") == []


def test_each_save_is_a_version_and_revert_brings_one_back(site: Site, admin: FlaskClient) -> None:
    original = greeting_heard(site)
    assert "很高兴为您服务" in original
    for word in ("第一版", "第二版"):
        form = form_of(admin)
        form["phrases"] = form["phrases"].replace("很高兴为您服务", f"{word}很高兴为您服务", 1)
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
    form["phrases"] = form["phrases"].replace("很高兴为您服务", "另一个进程很高兴为您服务", 1)
    admin.post(EDIT, data=form)
    time.sleep(RECHECK_SECONDS)  # how long another process may keep the version it had
    heard = signed_post(other.test_client(), "/voice", {"To": NUMBER}).get_data(as_text=True)
    assert "另一个进程很高兴为您服务" in heard


def test_preview_shows_the_draft_without_saving(site: Site, admin: FlaskClient) -> None:
    form = form_of(admin)
    form["phrases"] = form["phrases"].replace("很高兴为您服务", "预览很高兴为您服务", 1)
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
    assert "hello.mp3" in answer.get_data(as_text=True)
    assert "not audio" in answer.get_data(as_text=True)
    assert "<Play>" not in greeting_heard(site).split("<Gather")[0]


def test_a_save_over_a_newer_version_is_refused_and_loses_nothing(
    site: Site, admin: FlaskClient
) -> None:
    mine, theirs = form_of(admin), form_of(admin)
    theirs["phrases"] = theirs["phrases"].replace("很高兴为您服务", "他们的很高兴为您服务", 1)
    admin.post(EDIT, data=theirs)
    mine["phrases"] = mine["phrases"].replace("很高兴为您服务", "我的很高兴为您服务", 1)
    answer = admin.post(EDIT, data=mine)
    assert answer.status_code == 409
    assert "我的很高兴为您服务" in answer.get_data(as_text=True)  # kept in the form
    assert "他们的很高兴为您服务" in greeting_heard(site)
