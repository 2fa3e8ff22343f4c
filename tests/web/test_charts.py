"""The server-drawn SVG charts and the small formatting helpers of the templates."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from ivr.transcript import Utterance
from ivr.web.charts import bar_chart, line_chart
from ivr.web.format import clock, evidence_lines, highlight, score_class

SVG = "{http://www.w3.org/2000/svg}"


def test_line_chart_draws_one_line_per_series_at_its_scores() -> None:
    series = {
        "appliance": [(date(2026, 11, 1), 100.0), (date(2026, 11, 3), 50.0)],
        "air<line>": [(date(2026, 11, 2), 0.0)],
    }
    svg = ElementTree.fromstring(str(line_chart(series, height=210)))
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2
    points = {tuple(map(float, p.split(","))) for p in lines[1].get("points").split()}
    (first_x, top), (last_x, middle) = sorted(points)
    assert top == 10.0 and middle == 10 + 176 / 2  # 100 at the top, 50 half-way down
    assert first_x < last_x
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert "air<line> 2026-11-02: 0" in titles  # escaped in the markup, intact when parsed


def test_empty_charts_draw_nothing() -> None:
    assert str(line_chart({})) == "" and str(bar_chart([])) == ""


def test_bars_are_proportional() -> None:
    svg = ElementTree.fromstring(str(bar_chart([("禁用语", 4), ("结束语", 1)], width=1000)))
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 4 * widths[1]


def test_highlight_marks_a_normalised_span_across_vosk_spaces() -> None:
    marked = str(highlight("这个 我 不知道 <b>", "我不知道"))
    assert marked == "这个 <mark>我 不知道</mark> &lt;b&gt;"
    assert str(highlight("你好", "再见")) == "你好"


def test_clock_and_score_class() -> None:
    assert (clock(12.7), clock(3725), clock(None)) == ("0:12", "1:02:05", "0:00")
    assert [score_class(s) for s in (None, 100, 70, 10)] == ["none", "good", "fair", "poor"]


def test_highlight_marks_whole_words_never_half_of_one() -> None:
    # The checker matched 傅明 (the end of 师傅 and the start of 明天): both words are marked.
    assert str(highlight("安排 师傅 明天 上门", "傅明")) == "安排 <mark>师傅 明天</mark> 上门"


def test_evidence_is_one_utterance_a_line_in_time_order() -> None:
    utterances = [
        Utterance(speaker="agent", start=1.0, end=3.0, text="好的 我们 会 安排 师傅"),
        Utterance(speaker="caller", start=3.2, end=4.0, text="嗯"),
        Utterance(speaker="agent", start=4.5, end=7.0, text="三个 工作日 内 联系 您"),
        Utterance(speaker="agent", start=20.0, end=22.0, text="感谢 您 的 来电 再见"),
    ]
    evidence = [
        {"speaker": "agent", "start": 20.0, "end": 22.0, "text": "感谢 您 的 来电 再见",
         "match": "再见"},
        # One turn of the checker: two agent utterances joined, the match across both.
        {"speaker": "agent", "start": 1.0, "end": 7.0,
         "text": "好的 我们 会 安排 师傅 三个 工作日 内 联系 您", "match": "师傅三个工作日"},
    ]  # fmt: skip
    lines = evidence_lines(evidence, utterances)
    assert [line.start for line in lines] == [1.0, 4.5, 20.0]
    assert [str(line.text) for line in lines] == [
        "好的 我们 会 安排 <mark>师傅</mark>",
        "<mark>三个 工作日</mark> 内 联系 您",
        "感谢 您 的 来电 <mark>再见</mark>",
    ]
    assert all(line.speaker == "agent" for line in lines)


def test_checker_messages_follow_the_page_language(site) -> None:  # type: ignore[no-untyped-def]
    from ivr.review.rules import load_pack
    from ivr.web.format import checker_message

    zh_pass = load_pack("zh").rules["privacy"].messages["pass"]
    en_pass = load_pack("en").rules["privacy"].messages["pass"]
    with site.app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(checker_message("privacy", "pass", zh_pass, "zh-CN")) == en_pass
        # A message filled in from the call stays, marked as Chinese, after an English line.
        said = str(checker_message("banned_phrase", "fail", "坐席使用了禁用语：不知道", "zh-CN"))
        assert said.startswith('Banned phrases: Fail. <span class="original" lang="zh-CN">')
    with site.app.test_request_context(headers={"Accept-Language": "zh"}):
        assert str(checker_message("privacy", "pass", zh_pass, "zh-CN")) == zh_pass
