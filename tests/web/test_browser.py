"""The pages in a real headless Chromium (Debian's), driven by Playwright, against the app served
by a real HTTP server on 127.0.0.1 with a seeded SQLite store.

Screenshots of the main pages go to tests/_artifacts/ for a person to look at.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pydub import AudioSegment
from pydub.generators import Sine

from ivr.cli import cli
from ivr.twilio_auth import sign
from tests.browser import ARTIFACTS
from tests.conftest import TOKEN
from tests.web.conftest import ADMIN, OPEN_HOURS, REVIEWER, Site
from tests.web.seed import CALLS

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser, live: tuple[Site, str]):  # type: ignore[no-untyped-def]
    _, base = live
    context = browser.new_context(
        base_url=base,
        viewport={"width": 1360, "height": 900},
        locale="zh-CN",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, user: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("input[name=username]", user[0])
    page.fill("input[name=password]", user[1])
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/calls"))


def shot(page, name: str, *, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def call_rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("table.calls tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.call)"
    )


def test_nothing_without_login(page, live) -> None:  # type: ignore[no-untyped-def]
    site, _ = live
    for path in ("/calls", f"/calls/{site.call_ids[0]}", "/dashboard", "/departments"):
        page.goto(path)
        assert "/login" in page.url, path
        assert page.locator("form.login").is_visible()
    # The recording itself: the browser's own request is sent to the login page, no audio bytes.
    answer = page.request.get(f"/calls/{site.call_ids[0]}/audio", max_redirects=0)
    assert answer.status == 302
    assert "/login" in answer.headers["location"]
    assert not answer.body().startswith(b"RIFF")


def test_login_and_logout(page, live) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("input[name=username]", REVIEWER[0])
    page.fill("input[name=password]", "not-the-password")
    page.click("form.login button[type=submit]")
    assert page.locator(".flash.error").inner_text() == "用户名或密码错误。"
    shot(page, "login")
    log_in(page, REVIEWER)
    assert REVIEWER[0] in page.locator(".who").inner_text()
    # Reviewers see no configuration.
    assert page.locator("nav >> text=部门脚本").count() == 0
    assert page.goto("/departments").status == 403
    shot(page, "refused", full_page=False)
    page.goto("/calls")
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/calls")
    assert "/login" in page.url


def test_list_filters_search_and_export(page, live) -> None:  # type: ignore[no-untyped-def]
    site, _ = live
    log_in(page, REVIEWER)
    assert len(call_rows(page)) == len(site.call_ids)
    shot(page, "calls")

    page.select_option("select[name=department]", "airline-service")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"department=airline-service"))
    departments = page.locator("table.calls tbody td:nth-child(2)").all_inner_texts()
    assert departments and set(departments) == {"云途航空客服中心"}

    page.goto("/calls")
    page.select_option("select[name=rule]", "banned_phrase")
    page.fill("input[name=score_max]", "50")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"rule=banned_phrase"))
    rude = call_rows(page)
    assert rude == [str(site.call_ids[1]), str(site.call_ids[3])]
    for cell in page.locator("td.failed").all_inner_texts():
        assert "禁用语" in cell

    page.goto("/calls")
    page.fill("input[name=q]", "不归我管")  # transcripts have spaces between words; search not
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"q="))
    assert call_rows(page) == rude

    with page.expect_download() as download:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert [row["id"] for row in rows] == rude
    assert all("banned_phrase" in row["failed_rules"] for row in rows)


def test_evidence_seeks_the_player(page, live) -> None:  # type: ignore[no-untyped-def]
    site, _ = live
    log_in(page, REVIEWER)
    page.click(f"tr[data-call='{site.call_ids[1]}'] a")
    page.wait_for_url(re.compile(rf"/calls/{site.call_ids[1]}$"))
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    evidence = page.locator("#rule-banned_phrase .evidence li.seek").first
    start = float(evidence.get_attribute("data-start"))
    assert start > 5  # the rude words come well into the call
    evidence.click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {start}) < 1.0"
    )
    # A transcript line seeks too.
    line = page.locator(".lines .line.caller").nth(1)
    line_start = float(line.get_attribute("data-start"))
    line.click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {line_start}) < 1.0"
    )
    page.evaluate("document.getElementById('player').pause()")
    shot(page, "call")


def test_override_a_finding(page, live) -> None:  # type: ignore[no-untyped-def]
    site, _ = live
    call_id = site.call_ids[3]
    log_in(page, REVIEWER)
    page.goto(f"/calls/{call_id}")
    finding = page.locator("#rule-closing")
    assert finding.locator(".status").inner_text() == "未通过"
    finding.locator("summary").click()
    finding.locator("select[name=status]").select_option("pass")
    finding.locator("input[name=comment]").fill("录音末尾被截断，坐席其实说了再见")
    finding.locator("button[type=submit]").click()
    page.wait_for_selector("#override-history")
    assert page.locator("#rule-closing .status").inner_text() == "通过"
    history = page.locator("#override-history tbody tr").first.inner_text()
    assert REVIEWER[0] in history and "未通过 → 通过" in history and "截断" in history
    page.goto("/calls?rule=closing")
    assert str(call_id) not in call_rows(page)


def test_dashboard_charts(page, live) -> None:  # type: ignore[no-untyped-def]
    log_in(page, REVIEWER)
    page.click("nav >> text=统计看板")
    page.wait_for_url(re.compile(r"/dashboard"))
    lines = page.locator("#by-department svg.wide polyline")
    assert lines.count() == len({call.department for call in CALLS})
    agents = page.locator("#by-agent svg.wide .legend").all_text_contents()
    assert sorted(agents) == sorted({call.agent for call in CALLS})
    bars = page.locator("#failed-rules svg.wide rect title").all_text_contents()
    assert "禁用语: 2" in bars
    shot(page, "dashboard")


def _voice(base: str, to: str) -> str:
    params = {"CallSid": "CA" + "7" * 32, "From": "+8613900000000", "To": to}
    url = base + "/voice"
    answer = requests.post(
        url, data=params, headers={"X-Twilio-Signature": sign(TOKEN, url, params)}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.text


def test_edited_greeting_is_spoken_by_the_next_call(page, live) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    number = "+864008001001"
    assert "很高兴为您服务" in _voice(base, number)
    log_in(page, ADMIN)
    page.click("nav >> text=部门脚本")
    page.click("a[href='/departments/appliance-service']")
    greeting = page.locator("textarea[name='phrases.greeting']")
    assert greeting.input_value() == "您好，{department}，很高兴为您服务，请问有什么可以帮到您？"

    # A wrong voice and a bad opening time are refused together, each next to its field, and
    # the page goes to the first; nothing is saved.
    general = page.locator("textarea[name=general]")
    general.fill(general.input_value().replace("Polly.Zhiyu", "Polly.Joanna"))
    page.fill("input[name='hours.weekly.mon']", "20:00-08:00")
    page.fill("input[name='hours.timezone']", "Mars/Olympus")
    page.click("#save")
    errors = page.locator("#section-general .field-errors")
    assert "voice" in errors.inner_text() and "zh-CN" in errors.inner_text()
    assert "Mars/Olympus" in page.locator("#errors-hours\\.timezone").inner_text()
    assert page.locator("#error-summary li").count() >= 3
    assert page.evaluate("document.activeElement.name") == "general"
    shot(page, "editor-error", full_page=False)
    page.goto("/departments/appliance-service")

    new = "您好，{department}，欢迎致电，很高兴为您服务，请问有什么可以帮到您？"
    page.locator("textarea[name='phrases.greeting']").fill(new)
    page.click("#preview-button")
    assert "欢迎致电" in page.locator("#preview .heard").first.inner_text()
    page.click("#save")
    page.wait_for_selector(".flash.info")
    heard = _voice(base, number)
    assert "安居家电售后服务中心，欢迎致电，很高兴为您服务" in heard
    # `ivr simulate`, a separate app on the same store, hears it too.
    walk = CliRunner().invoke(
        cli,
        ["simulate", "--to", number, "--at", OPEN_HOURS.isoformat(), "--input", "9"],
        env={
            "IVR_DATA_DIR": str(site.settings.data_dir),
            "IVR_AUDIO_DIR": str(site.settings.audio_dir),
            "TWILIO_AUTH_TOKEN": TOKEN,
        },
    )
    assert walk.exit_code == 0, walk.output
    assert "欢迎致电" in walk.output.split("\n")[1] or "欢迎致电" in walk.output

    page.click("text=历史版本")
    assert page.locator("section.revision").count() == 2  # the save, and version 0 as shipped
    diff = page.locator("#version-1 pre.diff").inner_text()
    assert "欢迎致电" in diff
    shot(page, "history")
    # Revert asks first: refusing keeps the new greeting, accepting brings version 0 back.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#revert-0")
    assert "欢迎致电" in _voice(base, number)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#revert-0")
    page.wait_for_selector(".flash.info")
    assert "欢迎致电" not in _voice(base, number)
    assert "很高兴为您服务" in _voice(base, number)


def test_uploaded_greeting_is_played(page, live, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, base = live
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed (scripts/test.sh installs it)")
    mp3 = tmp_path / "greeting.mp3"
    tone = Sine(440).to_audio_segment(duration=1200).set_frame_rate(44100).set_channels(2)
    tone.export(mp3, format="mp3")
    log_in(page, ADMIN)
    page.goto("/departments/airline-service")
    page.set_input_files("#greeting input[type=file]", str(mp3))
    page.click("#upload")
    page.wait_for_selector("#greeting-player")
    src = page.locator("#greeting-player").get_attribute("src")
    twiml = _voice(base, "+864008002002")
    assert f"<Play>{src}</Play>" in twiml
    played = requests.get(base + src, timeout=10)
    audio = AudioSegment.from_file(io.BytesIO(played.content), format="wav")
    assert (audio.frame_rate, audio.channels, audio.sample_width) == (8000, 1, 2)
    assert 1.0 < audio.duration_seconds < 1.5
    page.wait_for_function("document.getElementById('greeting-player').readyState >= 1")
    shot(page, "editor")
    page.click("#preview-button")
    page.locator("#preview").screenshot(path=str(ARTIFACTS / "editor-preview.png"))
    assert page.locator("#preview .heard li.play code").first.inner_text() == src


def test_english_interface(page, live) -> None:  # type: ignore[no-untyped-def]
    log_in(page, REVIEWER)
    assert "通话记录" in page.locator("header nav").inner_text()
    page.click("button[lang=en]")
    page.wait_for_url(re.compile(r"/calls"))
    assert "Calls" in page.locator("header nav").inner_text()
    assert page.locator("table.calls th").first.inner_text().startswith("Date")
