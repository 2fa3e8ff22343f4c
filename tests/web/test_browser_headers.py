"""The security headers in a real Chromium: the pages' own scripts, styles and media still work,
and another site cannot frame them."""

from __future__ import annotations

import pytest

from tests.web.conftest import ADMIN, Site
from tests.web.test_browser import log_in, page  # noqa: F401

pytestmark = pytest.mark.slow


def test_the_pages_break_no_rule_of_their_own_policy(page, live: tuple[Site, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    log_in(page, ADMIN)
    for path in ("/calls", "/calls/1", "/dashboard", "/departments/appliance-service"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto("/calls/1")
    page.locator(".transcript [data-start]").first.click()  # call.js: the player seeks
    assert page.evaluate("document.querySelector('audio').currentTime") > 0
    assert [text for text in refused if "Content Security Policy" in text] == []


def test_another_site_cannot_frame_a_page(page, live: tuple[Site, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _, base = live
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.set_content(f'<iframe src="{base}/login" width="600" height="400"></iframe>')
    page.wait_for_timeout(1500)
    framed = [f for f in page.frames if f.url.startswith(base)]
    shown = framed[0].content() if framed else ""
    assert "csrf_token" not in shown
    assert any("frame-ancestors" in text for text in messages), messages
