"""The pure parts of live assist: messages, tracks and their order, audio, rule states."""

from __future__ import annotations

import audioop
import base64
import json

import numpy as np
import pytest

from ivr.errors import LiveStreamError
from ivr.live.compare import differences
from ivr.live.decode import MULAW, upsample
from ivr.live.protocol import Media, Start, Stop, parse
from ivr.live.rules import RuleState, advance, prompts
from ivr.live.tracks import Reorder, parse_leg, speaker_of
from ivr.review import Finding, Review


def media(chunk: int, track: str = "inbound", payload: bytes = b"\xff" * 160) -> str:
    body = {"track": track, "chunk": str(chunk), "timestamp": str((chunk - 1) * 20)}
    body["payload"] = base64.b64encode(payload).decode()
    return json.dumps({"event": "media", "streamSid": "MZ1", "media": body})


def test_twilio_messages_are_read_into_typed_events() -> None:
    start = parse(
        json.dumps(
            {
                "event": "start",
                "start": {
                    "streamSid": "MZ1",
                    "callSid": "CA1",
                    "tracks": ["inbound", "outbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                    "customParameters": {"department": "d", "leg": "agent"},
                },
            }
        )
    )
    assert isinstance(start, Start) and start.start.custom_parameters["leg"] == "agent"
    frame = parse(media(3, "outbound"))
    assert isinstance(frame, Media) and frame.media.chunk == 3 and frame.media.timestamp == 40
    assert frame.media.audio() == b"\xff" * 160
    assert isinstance(parse('{"event": "stop", "stop": {}}'), Stop)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("not json", "not JSON"),
        ('{"event": "media", "media": {"track": "inbound"}}', "field 'media.media.chunk'"),
        ('{"event": "hello"}', "expected one of connected, start"),
        (
            '{"event": "start", "start": {"streamSid": "MZ", "callSid": "CA", "tracks": '
            '["inbound"], "mediaFormat": {"encoding": "audio/l16", "sampleRate": 8000}}}',
            "audio/l16",
        ),
    ],
)
def test_a_bad_message_is_an_error_that_names_the_problem(text: str, named: str) -> None:
    with pytest.raises(LiveStreamError, match=named.replace("(", r"\(")):
        parse(text)


def test_tracks_map_to_speakers_by_the_streamed_leg() -> None:
    """On the agent's leg the agent speaks inbound and hears the caller outbound; on the
    caller's leg the other way round."""
    assert speaker_of("inbound", "agent") == "agent"
    assert speaker_of("outbound", "agent") == "caller"
    assert speaker_of("inbound", "caller") == "caller"
    assert speaker_of("outbound", "caller") == "agent"
    with pytest.raises(LiveStreamError, match="leg"):
        parse_leg("both")


def _frame(chunk: int):  # type: ignore[no-untyped-def]
    message = parse(media(chunk))
    assert isinstance(message, Media)
    return message.media


def test_frames_out_of_order_are_released_in_chunk_order() -> None:
    order = Reorder(window=3)
    released = []
    for chunk in (1, 3, 2, 4, 6, 5, 5, 1):  # late, swapped, duplicated
        released += [at for at, _ in order.push(_frame(chunk), bytes([chunk]))]
    released += [at for at, _ in order.flush()]
    assert released == [0, 160, 320, 480, 640, 800]


def test_a_lost_frame_is_given_up_once_the_window_fills() -> None:
    order = Reorder(window=2)
    released = [at for c in (1, 3, 4) for at, _ in order.push(_frame(c), b"")]
    assert released == [0]  # 2 is still awaited
    released += [at for at, _ in order.push(_frame(5), b"")]
    assert released == [0, 320, 480, 640]  # 2 given up: its time stays silent
    assert order.push(_frame(2), b"") == []  # too late now


def test_mulaw_decodes_as_g711_and_upsamples_without_a_jump() -> None:
    every = bytes(range(256))
    assert np.array_equal(
        MULAW[np.frombuffer(every, np.uint8)], np.frombuffer(audioop.ulaw2lin(every, 2), np.int16)
    )
    tone = (8000 * np.sin(np.arange(320) / 8000 * 2 * np.pi * 440)).astype(np.int16)
    encoded = audioop.lin2ulaw(tone.tobytes(), 2)
    first, last = upsample(encoded[:160], 0, 2)
    second, _ = upsample(encoded[160:], last, 2)
    pcm = np.frombuffer(first + second, np.int16).astype(np.int32)
    assert len(pcm) == 640
    # A 440 Hz tone of amplitude 8000 moves at most 8000 * 2 pi * 440 / 16000 = 1382 a sample,
    # across the frame edge too; the first sample starts from the previous frame's (0).
    assert np.abs(np.diff(pcm)).max() < 1500


def review(**statuses: str) -> Review:
    findings = [Finding(rule=rule, status=s, message=rule) for rule, s in statuses.items()]  # type: ignore[arg-type]
    return Review(score=50, passed=False, findings=findings)


def test_rule_states_follow_the_checker_and_never_go_back() -> None:
    states = advance([], review(apology="na", closing="fail", banned_phrase="pass"), 3.0)
    assert {s.rule: s.state for s in states} == {
        "apology": "na",
        "closing": "open",  # judged only at the end
        "banned_phrase": "met",
    }
    states = advance(states, review(apology="fail", closing="pass", banned_phrase="fail"), 6.0)
    assert {s.rule: s.state for s in states}["apology"] == "open"
    assert {s.rule: s.state for s in states}["banned_phrase"] == "met"  # never back
    states = advance(states, review(apology="pass", closing="fail", banned_phrase="fail"), 9.0)
    apology = next(s for s in states if s.rule == "apology")
    assert apology.state == "met" and apology.since == 9.0
    states = advance(states, review(apology="fail", closing="fail", banned_phrase="pass"), 12.0)
    assert {s.rule: s.state for s in states}["apology"] == "met"
    final = advance(
        states, review(apology="fail", closing="fail", banned_phrase="pass"), 14.0, final=True
    )
    assert {s.rule: s.state for s in final}["closing"] == "missed"


def test_a_banned_phrase_breaks_its_rule_at_once() -> None:
    states = advance([], review(banned_phrase="fail", privacy="fail"), 2.0)
    assert [s.state for s in states] == ["broken", "broken"]
    states = advance(states, review(banned_phrase="pass", privacy="pass"), 4.0)
    assert [s.state for s in states] == ["broken", "broken"]


def test_prompts_come_after_the_set_time_for_rules_still_open() -> None:
    states = advance([], review(follow_up_time="fail", apology="na", closing="fail"), 5.0)
    assert prompts(states, 5.0, 30.0, "zh-CN") == []
    assert prompts(states, 31.0, 30.0, "zh-CN") == ["还没有告知客户处理时限"]
    assert prompts(states, 31.0, 30.0, "en-US")[0].startswith("You have not told the caller")


def test_live_and_final_verdicts_are_compared_rule_by_rule() -> None:
    live = [
        RuleState(rule="apology", state="met"),
        RuleState(rule="closing", state="missed"),
        RuleState(rule="greeting", state="open"),
    ]
    found = differences(live, {"apology": "fail", "closing": "fail", "greeting": "uncertain"})
    assert [(d.rule, d.live, d.final) for d in found] == [("apology", "met", "fail")]
