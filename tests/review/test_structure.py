"""The structure rules on the traps the issue names: each case is one a phrase-list checker got
wrong. A call is a greeting, the lines given, and a goodbye."""

from __future__ import annotations

import pytest

from ivr.review import check_call
from ivr.review.matchers import HOMOPHONE, keeps_own
from tests.review.corpus import book, call, render

GREETING = "A: 您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？"
GOODBYE = "A: 感谢您的来电，祝您生活愉快，再见。"


def status(rule: str, *lines: str) -> str:
    transcript = render(call(GREETING, *lines, GOODBYE))
    return check_call(transcript, book().get("appliance-service")).finding(rule).status


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # commitments with any verb, a deadline or the agent's side acting
        ("A: 我们给您重新发一个，三个工作日内送到。", "pass"),
        ("A: 结果最晚周四给您答复。", "pass"),
        ("A: 我今天下班前报给主管。", "pass"),
        ("A: 明早九点前查完录像告诉您。", "pass"),
        ("A: 师傅会在两个小时之内上门。", "pass"),
        # information, not a commitment
        ("A: 一般隔天就到。", "na"),
        ("A: 您收货后十五天内都能换。", "na"),
        ("A: 我们营业时间是早上九点到晚上六点。", "na"),
        ("A: 这周四上午还有号，您方便吗？", "na"),
        ("A: 您是说您明天下午在家，对吗？", "na"),
        # vague or pending with no time
        ("A: 过阵子看看吧。", "fail"),
        ("A: 您先等消息吧。", "fail"),
        ("A: 我帮您把情况反馈给技术部门。", "fail"),
        ("A: 有结果了我们再通知您。", "fail"),
        # a concrete and a vague promise: the vague one leaves a matter open
        ("A: 新机器明天上午送到，赔偿的事等领导定了再说。", "fail"),
        # a vague word the agent makes concrete at once
        ("A: 我们会尽快，明天中午十二点前到账。", "pass"),
    ],
)
def test_follow_up_time_by_structure(line: str, expected: str) -> None:
    assert status("follow_up_time", "C: 我想问个事。", line, "C: 好。") == expected


@pytest.mark.parametrize(
    ("caller", "agent", "expected"),
    [
        ("C: 我刚买的吹风机不出热风了。", "A: 给您添麻烦了，我帮您登记换货。", "pass"),
        ("C: 你们送来的桌子桌面有道裂缝。", "A: 您把照片发过来，我登记换货。", "fail"),
        ("C: 你们效率可真高啊，等了一个礼拜了。", "A: 我帮您查一下。", "fail"),
        ("C: 我想查询一下投诉进度。", "A: 好的，我帮您查一下。", "na"),
        ("C: 不好意思，我想问一下营业时间。", "A: 早上九点到晚上六点。", "na"),
        ("C: 我住在怨气路三号，想报装宽带。", "A: 好的，我帮您登记。", "na"),
        ("C: 我的银行卡丢了，要挂失。", "A: 好的，我帮您办理挂失。", "na"),
    ],
)
def test_apology_grades_the_callers_words(caller: str, agent: str, expected: str) -> None:
    assert status("apology", caller, agent, "C: 好。") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 这个我不大清楚。", "fail"),
        ("A: 这个我们也没什么办法。", "fail"),
        ("A: 这个不归我们这边管。", "fail"),
        ("A: 这款换不了。", "fail"),
        ("A: 不行。", "fail"),
        ("A: 您不知道这张卡为什么被锁，对吧？我帮您查。", "pass"),  # the caller is the subject
        ("A: 不知道您现在方便接听吗？", "pass"),  # a polite question
        ("A: 如果您不清楚，可以看说明书第三页。", "pass"),  # a conditional
        ("A: 您是说您也不清楚是谁签收的，对吗？", "pass"),  # a restatement
        ("A: 页面看不到的话，您可以刷新一下。", "pass"),  # a lookalike
        ("A: 这款买不到的话可以预订。", "pass"),
    ],
)
def test_banned_phrase_is_the_agents_own_refusal(line: str, expected: str) -> None:
    assert status("banned_phrase", "C: 我想问个事。", line, "C: 好。") == expected


def test_a_refusal_heard_only_by_sound_is_uncertain_never_fail() -> None:
    # 不知到 is 不知道 misheard: it may be a refusal, but only a person can tell.
    assert status("banned_phrase", "C: 我想问个事。", "A: 这个我不知到。", "C: 好。") == "uncertain"


def test_a_sound_alike_must_keep_some_of_the_phrases_own_characters() -> None:
    assert keeps_own("致歉", "之歉") and not keeps_own("致歉", "之前")
    assert HOMOPHONE < 1.0
    # 之前 sounds like 致歉 but shares no character: no apology was heard.
    assert (
        status("apology", "C: 你们送的货怎么回事啊？", "A: 之前的单子我看一下。", "C: 嗯。")
        == "fail"
    )
