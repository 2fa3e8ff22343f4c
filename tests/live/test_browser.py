"""The /live page in Debian's Chromium (Playwright) while a call streams into gunicorn: the agent
sees the running transcript and the checklist change, pushed by the server (no reload)."""

from __future__ import annotations

import threading
import uuid

import numpy as np
import pytest

from tests.browser import ARTIFACTS
from tests.live.client import open_stream, stream
from tests.live.conftest import AGENT_USER, Server, agent_call
from tests.live.test_stream import SPEED, wait_saved
from tests.speech.synth import Placed

pytestmark = pytest.mark.slow


def test_the_checklist_changes_on_the_live_page_while_the_call_streams(
    browser, server: Server, speech: tuple[np.ndarray, list[Placed]]
) -> None:
    context = browser.new_context(base_url=server.http, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(server.http) else None,
    )
    page.goto("/login")
    page.fill("input[name=username]", AGENT_USER[0])
    page.fill("input[name=password]", AGENT_USER[1])
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/live")

    call = agent_call(speech, "CA" + uuid.uuid4().hex)
    with open_stream(server.media) as ws:
        runner = threading.Thread(target=stream, args=(ws, call), kwargs={"speed": SPEED})
        runner.start()
        # The call as drawn while it is on (not after `stop`), with the greeting's state.
        live = f'section[data-call="{call.call_sid}"][data-status="live"]'
        page.locator(f'{live} li[data-rule="greeting"][data-state="open"]').wait_for()
        page.screenshot(path=str(ARTIFACTS / "live-open.png"), full_page=True)
        # Then met: as soon as the agent's second turn is decoded (on a busy machine that may be
        # just after the stream's end; test_stream checks it is found while the call is on).
        section = page.locator(f'section[data-call="{call.call_sid}"]')
        section.locator('li[data-rule="greeting"][data-state="met"]').wait_for()
        lines = section.locator(".live-transcript li.line:not(.partial)")
        assert lines.count() >= 2 and "坐席" in lines.first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "live-met.png"), full_page=True)
        runner.join()
    wait_saved(server, call.call_sid)
    page.locator(f'section[data-call="{call.call_sid}"][data-status="ended"]').wait_for()
    assert outside == []  # nothing from a CDN or anywhere else
    context.close()
