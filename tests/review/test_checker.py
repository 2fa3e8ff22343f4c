"""check_call on specific traps: each test is a call a naive keyword checker gets wrong."""

from __future__ import annotations

import json

import pytest

from ivr.checker_overrides import CheckerOverrides
from ivr.errors import ConfigError
from ivr.review import check_call
from ivr.review.rules import CheckerRules, apply_overrides, load_pack
from ivr.review.second_opinion import rules_only
from ivr.scripts import DepartmentScript
from ivr.transcript import Transcript, Utterance, Word
from tests.review.corpus import book, call, extra_departments, render

GREETING = "A: 您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？"
GOODBYE = "A: 感谢您的来电，祝您生活愉快，再见。"


@pytest.fixture
def appliance() -> DepartmentScript:
    return book().get("appliance-service")


def status(transcript: Transcript, script: DepartmentScript, rule: str) -> str:
    return check_call(transcript, script).finding(rule).status  # type: ignore[arg-type]


def rules_alone(script: DepartmentScript) -> CheckerRules:
    """The script's pack with the learned second opinion off: its tests are in
    test_second_opinion, and on a seven-line call the model reads 稍等 and thanks as a hold
    done right, whether or not the agent asked first."""
    return rules_only(apply_overrides(load_pack(script.lang), script.checker))


def test_a_model_call_passes_every_rule_that_applies(appliance: DepartmentScript) -> None:
    review = check_call(
        render(
            call(
                GREETING,
                "C: 我家冰箱不制冷了，我很生气。",
                "A: 非常抱歉给您带来不便。您是说冰箱不制冷了，对吗？",
                "C: 对。",
                "A: 我帮您查一下维修记录，请您稍等片刻，好吗？",
                "C: 好。",
                "A: 感谢您的等待。师傅会在明天上午十点之前上门维修。",
                "C: 好的。",
                "A: 请问还有其他可以帮您的吗？",
                "C: 没有了。",
                GOODBYE,
            )
        ),
        appliance,
    )
    assert {f.rule: f.status for f in review.findings} == {
        "greeting": "pass",
        "confirm_need": "pass",
        "follow_up_time": "pass",
        "apology": "pass",
        "banned_phrase": "pass",
        "closing": "pass",
        "hold_etiquette": "pass",
        "privacy": "pass",
    }
    assert review.score == 100 and review.passed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 不知道您现在方便接听吗？", "pass"),
        ("A: 不知道，你自己去问吧。", "fail"),
        ("A: 这个我不清楚。", "fail"),
        ("A: 您看这样安排行不行？", "pass"),
        ("C: 我也不知道，没办法。", "pass"),  # the caller's words never count
    ],
)
def test_banned_phrases_only_in_their_blunt_sense(
    appliance: DepartmentScript, line: str, expected: str
) -> None:
    transcript = render(call(GREETING, "C: 我想问个事。", line, "C: 好。", GOODBYE))
    assert status(transcript, appliance, "banned_phrase") == expected


def test_confirming_a_phone_number_is_not_confirming_the_need(appliance: DepartmentScript) -> None:
    digits = call(
        GREETING,
        "C: 我家空调漏水了，想报修。",
        "A: 您的手机号码是一三八零零一三八零零零，对吗？",
        "C: 对。",
        GOODBYE,
    )
    need = call(
        GREETING,
        "C: 我家空调漏水了，想报修。",
        "A: 您是说家里的空调漏水，需要报修，对吗？",
        "C: 对。",
        GOODBYE,
    )
    assert status(render(digits), appliance, "confirm_need") == "fail"
    assert status(render(need), appliance, "confirm_need") == "pass"


def test_a_vague_promise_fails_and_says_why(appliance: DepartmentScript) -> None:
    review = check_call(
        render(call(GREETING, "C: 我的洗衣机坏了。", "A: 我们会尽快安排师傅联系您。", GOODBYE)),
        appliance,
    )
    finding = review.finding("follow_up_time")
    assert finding.status == "fail"
    assert "（“尽快”不是明确时间）" in finding.message  # the pack's note, in its language
    assert {e.match for e in finding.evidence} >= {"联系您", "尽快"}
    assert finding.searched is not None and finding.searched.speaker == "agent"

    concrete = call(GREETING, "C: 我的洗衣机坏了。", "A: 师傅会在三到五个工作日内联系您。", GOODBYE)
    assert status(render(concrete), appliance, "follow_up_time") == "pass"
    settled = call(GREETING, "C: 我的洗衣机坏了。", "A: 已经为您处理好了。", GOODBYE)
    assert status(render(settled), appliance, "follow_up_time") == "na"


def test_the_script_promise_counts_as_a_concrete_time() -> None:
    lines = call(
        "A: 您好，绿城物业服务中心，很高兴为您服务，请问有什么可以帮您？",
        "C: 楼道的灯坏了。",
        "A: 好的，我们当日会派师傅处理。",
        "A: 感谢您的来电，再见。",
    )
    property_desk = extra_departments()["property"].model_copy(update={"follow_up_time": "当日"})
    assert status(render(lines), property_desk, "follow_up_time") == "pass"
    no_promise = property_desk.model_copy(update={"follow_up_time": ""})
    assert status(render(lines), no_promise, "follow_up_time") != "pass"


def test_the_caller_saying_goodbye_last_fails_closing(appliance: DepartmentScript) -> None:
    agent_last = call(GREETING, "C: 没事了。", GOODBYE)
    caller_last = call(GREETING, "C: 没事了。", GOODBYE, "C: 好的，再见。")
    assert status(render(agent_last), appliance, "closing") == "pass"
    finding = check_call(render(caller_last), appliance).finding("closing")
    assert finding.status == "fail"
    assert finding.evidence[-1].speaker == "caller"


def test_the_greeting_must_name_this_department(appliance: DepartmentScript) -> None:
    transcript = render(call(GREETING, "C: 你好。", GOODBYE))
    assert status(transcript, appliance, "greeting") == "pass"
    airline = book().get("airline-service")
    finding = check_call(transcript, airline).finding("greeting")
    assert finding.status == "fail"
    assert "云途航空客服中心" in finding.message
    by_number = render(
        call("A: 您好，工号二零九为您服务，请问有什么可以帮您？", "C: 你好。", GOODBYE)
    )
    assert status(by_number, airline, "greeting") == "pass"


def test_the_opening_ends_once_the_caller_says_what_they_want(appliance: DepartmentScript) -> None:
    need = "C: 你好，是安居家电吧？我家冰箱不制冷了，想约个师傅。"
    late = render(
        call("A: 您好，请问有什么可以帮您？", need, "A: 是的，这里是安居家电售后服务中心。")
    )
    assert status(late, appliance, "greeting") == "fail"
    # a hello between the agent's turns does not end it
    hello = render(call("A: 喂？", "C: 喂？", GREETING, need, GOODBYE))
    assert status(hello, appliance, "greeting") == "pass"


def test_hold_etiquette_asks_first_and_thanks_on_return(appliance: DepartmentScript) -> None:
    def hold(ask: str, back: str) -> str:
        lines = (GREETING, "C: 查一下订单。", ask, "C: 好。", back, "C: 好的。", GOODBYE)
        transcript = render(call(*lines))
        return (
            check_call(transcript, appliance, rules_alone(appliance))
            .finding("hold_etiquette")
            .status
        )

    assert hold("A: 请您稍等片刻，好吗？", "A: 感谢您的耐心等待，查到了。") == "pass"
    assert hold("A: 稍等。", "A: 感谢您的耐心等待，查到了。") == "fail"
    assert hold("A: 请您稍等片刻，好吗？", "A: 查到了。") == "fail"
    assert hold("A: 我帮您检测一下线路，请您稍等片刻。", "A: 谢谢您的耐心等待。") == "pass"
    assert hold("A: 我帮您看一下，您稍等一下可以吗？", "A: 谢谢您等我，查到了。") == "pass"
    # the reason in other words: a driver to ring, orders to add up
    assert hold("A: 我马上联系这台车的司机，请您稍等一下。", "A: 感谢您的耐心等待。") == "pass"
    assert hold("A: 我帮您汇总一下上个月的订单，请您稍等。", "A: 感谢您的耐心等待。") == "pass"


def test_the_thanks_for_a_hold_counts_in_the_agents_next_utterance(
    appliance: DepartmentScript,
) -> None:
    # Back before the caller spoke: one agent turn, the thanks in its next utterance.
    ask, back = "A: 好的，我帮您查一下，请您稍等片刻。", "A: 感谢您的耐心等待，查到了。"
    lines = (GREETING, "C: 查一下订单。", ask, back, "C: 好的。", GOODBYE)
    review = check_call(render(call(*lines)), appliance, rules_alone(appliance))
    assert review.finding("hold_etiquette").status == "pass"
    lines = (GREETING, "C: 查一下订单。", ask, "A: 查到了。", "C: 好的。", GOODBYE)
    review = check_call(render(call(*lines)), appliance, rules_alone(appliance))
    assert review.finding("hold_etiquette").status != "pass"  # no thanks: fail, or a person's


def test_a_missing_phrase_points_the_reviewer_at_the_nearest_words(
    appliance: DepartmentScript,
) -> None:
    # Looked for only once the finding shows it: the greeting's missed department, and the
    # hold's missing thanks after a wait the agent asked for.
    airline = book().get("airline-service")
    greeting = check_call(render(call(GREETING, "C: 你好。", GOODBYE)), airline).finding("greeting")
    assert greeting.nearest is not None and greeting.nearest.speaker == "agent"
    lines = (GREETING, "C: 查一下订单。", "A: 请您稍等片刻，好吗？", "C: 好。", "A: 等待查到了。")
    hold = check_call(render(call(*lines, "C: 好的。", GOODBYE)), appliance, rules_alone(appliance))
    finding = hold.finding("hold_etiquette")
    assert finding.status == "fail"
    assert finding.nearest is not None and finding.nearest.phrase
    passed = check_call(render(call(GREETING, "C: 你好。", GOODBYE)), appliance)
    assert passed.finding("greeting").nearest is None  # a pass shows none


@pytest.mark.parametrize(
    ("agent", "caller", "expected"),
    [
        ("A: 我查一下。", "C: 喂？喂？还在吗？", "fail"),  # gone quiet without asking
        ("A: 好。", "C: 喂？姑娘你还在吗？", "fail"),  # a name aside
        ("A: 好。", "C: 喂，在吗？是五栋一单元一一零二。", "na"),  # the caller goes on: no wait
        ("A: 麻烦您报一下地址。", "C: 是五栋一单元一一零二。", "na"),
        # An announced hold the caller found long is judged as that hold.
        ("A: 我帮您查一下，请您稍等片刻，好吗？", "C: 喂？还在吗？", "pass"),
    ],
)
def test_a_wait_nobody_announced_is_a_hold_without_asking(
    appliance: DepartmentScript, agent: str, caller: str, expected: str
) -> None:
    lines = (GREETING, "C: 查一下订单。", agent, caller, "A: 感谢您的耐心等待，查到了。", GOODBYE)
    assert status(render(call(*lines)), appliance, "hold_etiquette") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A: 请您提供一下身份证号码的后四位。", "pass"),
        ("A: 请您报一下完整的身份证号码。", "fail"),
        ("A: 考生身份证号多少？", "fail"),  # asked bluntly, with no 是
        ("A: 考生身份证号后四位多少？", "pass"),
        ("A: 请把手机收到的验证码告诉我。", "fail"),
        ("A: 请不要把验证码告诉任何人。", "pass"),
        ("A: 验证码只需要您自己填在APP里。", "pass"),
        ("A: 办理时带上身份证和这张卡就行。", "pass"),
        # Someone else's number read out in full, and the caller's own said back in full.
        ("A: 602的业主叫冯德明，手机号是13912768042，您直接打给他吧。", "fail"),
        ("A: 您的新号码是13907125586，对吗？", "fail"),
        ("A: 您的新号码尾号5586，对吗？", "pass"),
    ],
)
def test_privacy(appliance: DepartmentScript, line: str, expected: str) -> None:
    caller = "C: 我要改地址，新号码是一三九零七一二五五八六。"
    review = check_call(render(call(GREETING, caller, line, GOODBYE)), appliance)
    assert review.finding("privacy").status == expected
    assert review.passed is (expected == "pass")  # privacy is critical


def test_a_request_verb_only_sounding_close_is_no_sure_request(appliance: DepartmentScript) -> None:
    line = "A: 在输入验证码的页面点一下语音验证。"  # 点一下 is near 念一下, but not a request
    review = check_call(render(call(GREETING, "C: 收不到验证码。", line, GOODBYE)), appliance)
    assert review.finding("privacy").status == "uncertain"


def test_low_recogniser_confidence_gives_uncertain_not_fail(appliance: DepartmentScript) -> None:
    transcript = render(call(GREETING, "C: 没事了。", "A: 嗯 那个 先 这样"))
    murky = transcript.utterances[-1].model_copy(
        update={
            "words": [w.model_copy(update={"conf": 0.2}) for w in transcript.utterances[-1].words]
        }
    )
    transcript.utterances[-1] = murky
    assert status(transcript, appliance, "closing") == "uncertain"


def test_a_critical_failure_fails_the_call_and_the_json_form(appliance: DepartmentScript) -> None:
    review = check_call(
        render(call(GREETING, "C: 我的热水器坏了。", "A: 这个不归我管。", GOODBYE)), appliance
    )
    assert not review.passed
    assert 0 < review.score < 100
    data = json.loads(review.model_dump_json())
    assert {"score", "passed", "findings", "metrics"} <= data.keys()
    banned = next(f for f in data["findings"] if f["rule"] == "banned_phrase")
    assert banned["status"] == "fail" and banned["critical"]
    evidence = banned["evidence"][0]
    assert evidence["speaker"] == "agent" and evidence["match"] == "不归我管"
    assert evidence["start"] < evidence["end"]
    confirm = next(f for f in data["findings"] if f["rule"] == "confirm_need")
    assert confirm["status"] == "fail" and confirm["searched"]["turns"] >= 1


def test_without_agent_speech_nothing_is_judged(appliance: DepartmentScript) -> None:
    mono = Transcript(utterances=[Utterance(speaker="unknown", start=0, end=2, text="您好")])
    review = check_call(mono, appliance)
    assert {f.status for f in review.findings} == {"uncertain"}
    assert "声道" in review.findings[0].message
    silent = check_call(Transcript(), appliance)
    assert {f.status for f in silent.findings} == {"uncertain"}
    assert "坐席" in silent.findings[0].message and silent.score == 50


def test_department_overrides_add_phrases_disable_and_make_critical(
    appliance: DepartmentScript,
) -> None:
    transcript = render(
        call("A: 您好，安居售后，请问有什么可以帮您？", "C: 你好。", "A: 谢谢，再见。", "C: 再见。")
    )
    assert status(transcript, appliance, "greeting") == "fail"
    overrides = CheckerOverrides.model_validate(
        {
            "department_aliases": ["安居售后"],
            "disabled": ["hold_etiquette"],
            "critical": ["closing"],
        }
    )
    custom = appliance.model_copy(update={"checker": overrides})
    review = check_call(transcript, custom)
    assert review.finding("greeting").status == "pass"
    assert "hold_etiquette" not in {f.rule for f in review.findings}
    with pytest.raises(KeyError, match=r"hold_etiquette.*disabled"):
        review.finding("hold_etiquette")
    assert review.finding("closing").status == "fail" and not review.passed

    extra = CheckerOverrides.model_validate(
        {"rules": {"closing": {"add": {"goodbye": ["回头聊"]}}}}
    )
    ends = render(call(GREETING, "C: 好。", "A: 感谢您的来电，回头聊。"))
    assert status(ends, appliance, "closing") == "fail"
    assert status(ends, appliance.model_copy(update={"checker": extra}), "closing") == "pass"

    # A structure rule's cue list takes an admin's plain words too.
    added = {"apology": {"add": {"apology": ["多包涵"]}}}
    sorry = CheckerOverrides.model_validate({"rules": added})
    angry = render(call(GREETING, "C: 你们也太差劲了吧！", "A: 请您多包涵，马上处理。"))
    assert status(angry, appliance, "apology") == "fail"
    assert status(angry, appliance.model_copy(update={"checker": sorry}), "apology") == "pass"

    wrong = CheckerOverrides.model_validate({"rules": {"closing": {"add": {"farewell": ["x"]}}}})
    with pytest.raises(ConfigError, match="farewell"):
        check_call(ends, appliance.model_copy(update={"checker": wrong}))


def test_script_yaml_validates_checker_overrides(appliance: DepartmentScript) -> None:
    data = appliance.model_dump(mode="json")
    data["checker"] = {"rules": {"greeting": {"weight": 30}}}
    assert DepartmentScript.model_validate(data).checker.rules["greeting"].weight == 30
    data["checker"] = {"rules": {"politeness": {"weight": 30}}}
    with pytest.raises(ValueError, match="politeness"):
        DepartmentScript.model_validate(data)


def _english(*lines: tuple[str, str]) -> Transcript:
    utterances, clock = [], 0.0
    for speaker, text in lines:
        words = text.split()
        utterances.append(
            Utterance(
                speaker=speaker,  # type: ignore[arg-type]
                start=clock,
                end=clock + 0.3 * len(words),
                text=text,
                words=[Word(word=w, start=clock + 0.3 * i, end=clock + 0.3 * (i + 1))
                       for i, w in enumerate(words)],
            )
        )  # fmt: skip
        clock += 0.3 * len(words) + 0.5
    return Transcript(language="en", utterances=utterances)


def test_english_pack() -> None:
    billing = book().get("billing-en")
    good = _english(
        ("agent", "hello northwind billing support how can i help you today"),
        ("caller", "i was charged twice for my march invoice and i am really frustrated"),
        ("agent", "i am so sorry so you were charged twice for the march invoice is that right"),
        ("caller", "yes"),
        ("agent", "i have filed a refund and it will be on your card within two business days"),
        ("agent", "is there anything else i can help with"),
        ("caller", "no thanks"),
        ("agent", "thank you for calling have a nice day goodbye"),
    )
    review = check_call(good, billing)
    assert {f.rule: f.status for f in review.findings if f.status != "na"} == {
        "greeting": "pass",
        "confirm_need": "pass",
        "follow_up_time": "pass",
        "apology": "pass",
        "banned_phrase": "pass",
        "closing": "pass",
        "privacy": "pass",
    }
    assert review.finding("greeting").message.startswith("Opening is complete")
    blunt = _english(
        ("agent", "hello northwind billing support"), ("agent", "i dont know ask someone else")
    )
    assert check_call(blunt, billing).finding("banned_phrase").status == "fail"


@pytest.mark.parametrize(
    ("line", "rule", "expected"),
    [
        ("we will call you back as soon as possible", "follow_up_time", "fail"),
        ("we will call you back by friday afternoon", "follow_up_time", "pass"),
        ("can you read me the last four digits of your card", "privacy", "pass"),
        ("what is your online banking password", "privacy", "fail"),
        ("i dont know if that works for you", "banned_phrase", "pass"),
        ("thats the policy", "banned_phrase", "fail"),
    ],
)
def test_english_traps(line: str, rule: str, expected: str) -> None:
    transcript = _english(
        ("agent", "hello northwind billing support how can i help you"),
        ("caller", "my invoice is wrong"),
        ("agent", line),
        ("caller", "ok"),
        ("agent", "thank you for calling goodbye"),
    )
    assert check_call(transcript, book().get("billing-en")).finding(rule).status == expected
