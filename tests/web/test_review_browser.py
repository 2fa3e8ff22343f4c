"""The review workflow in Debian's Chromium: a failed import and its retry, scores that follow an
override, the review queue, no English on a Chinese page, the keyboard, and phone-width pages.

Screenshots at 390 px and 1280 px go to tests/_artifacts/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from ivr.cli import cli
from ivr.store.models import Call, Job
from tests.browser import ARTIFACTS
from tests.conftest import TOKEN
from tests.web.conftest import ADMIN, REVIEWER, Site
from tests.web.test_browser import call_rows, log_in

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# English a Chinese page may show: names of formats and protocols, and the product's own name.
ALLOWED = {"ivr", "UTC", "CSV", "JSON", "TwiML", "ID", "Polly", "Zhiyu"}


def open_page(browser, base: str, viewport: dict[str, int] = DESKTOP):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=base, viewport=viewport, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _cli_env(site: Site) -> dict[str, str]:
    return {
        "IVR_DATA_DIR": str(site.settings.data_dir),
        "IVR_AUDIO_DIR": str(site.settings.audio_dir),
        "TWILIO_AUTH_TOKEN": TOKEN,
    }


def test_a_failed_import_shows_status_reason_and_retry(browser, live, tmp_path) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "not-audio.wav").write_bytes(b"<html>an error page saved as .wav</html>" * 20)
    assert CliRunner().invoke(cli, ["import", str(folder)], env=_cli_env(site)).exit_code == 0
    with site.store() as session:
        call_id = max(session.scalars(select(Call.id)))
    page = open_page(browser, base)
    log_in(page, REVIEWER)
    page.select_option("select[name=status]", "failed")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"status=failed"))
    assert call_rows(page) == [str(call_id)]
    assert page.locator(f"tr[data-call='{call_id}'] .state").inner_text() == "处理失败"
    page.click(f"tr[data-call='{call_id}'] a")
    assert page.locator("#failure .reason").inner_text() == "处理失败: 录音文件不是可读取的音频。"
    assert not page.locator("#failure pre.detail").is_visible()  # the detail is folded away
    shot(page, "call-failed")
    page.click("#retry")
    page.wait_for_selector(".flash.info")
    assert page.locator("#call-status").inner_text() == "已接收"
    # The retry queued the job: the worker runs it again, and it fails again the same way.
    ran = CliRunner().invoke(cli, ["worker", "--drain"], env=_cli_env(site))
    assert ran.exit_code == 0, ran.output
    with site.store() as session:
        job = session.scalars(select(Job).where(Job.call_id == call_id)).one()
        assert (job.state, job.attempts, job.error_kind) == ("failed", 1, "AudioError")
    page.reload()
    assert page.locator("#call-status").inner_text() == "处理失败"
    page.goto("/dashboard")
    assert "处理失败: 1" in page.locator("#left-out").inner_text()
    page.context.close()


def test_an_override_changes_the_lists_score(browser, live) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    call_id = site.call_ids[1]
    page = open_page(browser, base)
    log_in(page, REVIEWER)
    cell = page.locator(f"tr[data-call='{call_id}'] td.score-col .score")
    before = int(cell.inner_text())
    page.goto(f"/calls/{call_id}")
    finding = page.locator("#rule-greeting")
    finding.locator("summary").click()
    finding.locator("select[name=status]").select_option("pass")
    finding.locator("input[name=comment]").fill("问候语被线路噪音盖住")
    finding.locator("button[type=submit]").click()
    page.wait_for_selector("#checker-score")
    assert int(page.locator("#checker-score").inner_text()) == before
    page.goto("/calls")
    after = int(page.locator(f"tr[data-call='{call_id}'] td.score-col .score").inner_text())
    assert after > before
    assert f"({before})" in page.locator(f"tr[data-call='{call_id}'] td.score-col").inner_text()
    page.context.close()


def test_the_queue_drops_a_call_once_reviewed(browser, live) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    with site.store() as session:
        uncertain = session.scalars(select(Call.id).where(Call.uncertain > 0)).first()
    page = open_page(browser, base)
    log_in(page, REVIEWER)
    page.click("#nav-queue")
    page.wait_for_url(re.compile(r"/queue"))
    assert str(uncertain) in call_rows(page)
    assert "不确定" in page.locator(f"tr[data-call='{uncertain}'] .why").inner_text()
    shot(page, "queue-1280")
    page.click(f"tr[data-call='{uncertain}'] a")
    assert "及格线" in page.locator("#verdict").inner_text()
    page.click("#signoff")
    page.wait_for_url(re.compile(r"/queue"))
    assert str(uncertain) not in call_rows(page)
    page.context.close()


def test_tab_reaches_a_transcript_line_and_enter_seeks(browser, live) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    page = open_page(browser, base)
    log_in(page, REVIEWER)
    page.goto(f"/calls/{site.call_ids[0]}")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    target = page.locator(".lines .line").nth(2)
    start = float(target.get_attribute("data-start"))
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.start") == target.get_attribute(
            "data-start"
        ) and page.evaluate("document.activeElement.classList.contains('line')"):
            break
    else:
        pytest.fail("Tab never reached the third transcript line")
    page.keyboard.press("Enter")
    page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime - {start}) < 1")
    evidence = page.locator(".evidence li.seek").first
    assert evidence.get_attribute("tabindex") == "0"
    page.evaluate("document.getElementById('player').pause()")
    page.context.close()


COLLECT_TEXT = """() => {
  const skip = "script, style, code, pre, textarea, [lang]:not([lang^=zh]), .data";
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (node.parentElement.closest(skip)) continue;
    if (node.textContent.trim()) out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll("[title], [placeholder], [aria-label]")) {
    if (el.closest(skip)) continue;
    for (const a of ["title", "placeholder", "aria-label"]) {
      if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
  }
  return out;
}"""


# Code an admin types as it is: placeholders, field paths and quoted values.
CODE = re.compile(r"\{\w*\}|'[^']*'|\b\w+(?:\.\w+)+\b|`[^`]*`")


def _english(texts: list[str], data: set[str]) -> list[str]:
    words = []
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z'/_-]{2,}", CODE.sub(" ", text)):
            if word not in ALLOWED and word not in data and not re.fullmatch(r"agent-\d+", word):
                words.append(f"{word} (in {text[:60]!r})")
    return words


def test_no_english_on_a_chinese_page(browser, live) -> None:  # type: ignore[no-untyped-def]
    """Every page the app has (a route added later too), with a Chinese browser."""
    site, base = live
    with site.store() as session:
        calls = list(session.scalars(select(Call)))
    # Data, not interface: people's and departments' own names and ids.
    names = [s.name for s in site.app.extensions["ivr"].scripts.all()]
    data = {ADMIN[0], REVIEWER[0], "agent-"} | {c.department_id for c in calls}
    data |= {"abc", "nope", "no-such-dept"}  # what the user typed
    data |= {part for c in calls for part in re.split(r"[-_]", c.department_id)}
    data |= {word for name in names for word in name.split()}
    page = open_page(browser, base)
    log_in(page, ADMIN)
    args = {"call_id": site.call_ids[1], "department_id": "appliance-service"}
    found: dict[str, list[str]] = {}
    for rule in site.app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.endpoint.startswith(
            ("calls.", "dashboard.", "departments.")
        ):
            continue
        if rule.endpoint in ("calls.audio", "calls.export"):
            continue  # a recording and files, not pages
        path = rule.build({name: args[name] for name in rule.arguments})[1]
        for query in ("", "?score_min=abc&status=nope&sort=nope"):
            page.goto(path + query)
            english = _english(page.evaluate(COLLECT_TEXT), data)
            if english:
                found[path + query] = english
    for path in ("/calls/999999", "/no-such-page", "/departments/no-such-dept/history"):
        page.goto(path)  # error pages
        english = _english(page.evaluate(COLLECT_TEXT), data)
        if english:
            found[path] = english
    # A refused edit: every message next to its field, in Chinese.
    page.goto("/departments/appliance-service")
    page.fill("input[name='hours.weekly.mon']", "20:00-08:00")
    page.fill("input[name='hours.timezone']", "Mars/Olympus")
    greeting = page.locator("textarea[name='phrases.greeting']")
    greeting.fill(greeting.input_value().replace("{department}", "{dept}"))
    page.click("#save")
    page.wait_for_selector("#error-summary")
    english = _english(page.evaluate(COLLECT_TEXT), data | {"IANA", "Asia/Shanghai"})
    if english:
        found["refused edit"] = english
    assert found == {}, "\n".join(f"{path}: {words}" for path, words in found.items())
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_pages_at_phone_and_desktop_width(browser, live, viewport) -> None:  # type: ignore[no-untyped-def]
    site, base = live
    width = viewport["width"]
    page = open_page(browser, base, viewport)
    log_in(page, ADMIN)
    for name, path in (
        ("calls", "/calls"),
        ("queue", "/queue"),
        ("call", f"/calls/{site.call_ids[1]}"),
        ("dashboard", "/dashboard"),
        ("editor", "/departments/appliance-service"),
    ):
        page.goto(path)
        # Nothing but the calls table (which scrolls in its own box) is wider than the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width + 1, (path, overflow)
        shot(page, f"{name}-{width}")
    page.goto("/dashboard")
    shown = page.locator("#by-department svg:visible")
    assert shown.count() == 1
    assert ("narrow" if width < 640 else "wide") in shown.get_attribute("class")
    # The chart's axis text is at least 9 px high on the screen.
    height = page.evaluate(
        "Math.min(...[...document.querySelectorAll('#by-department svg.chart')]"
        ".filter(s => s.getBoundingClientRect().width > 0)"
        ".flatMap(s => [...s.querySelectorAll('text')]).map(t => t.getBoundingClientRect().height))"
    )
    assert height >= 9
    page.context.close()
