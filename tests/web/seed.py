"""Calls to seed the store with for the web tests: real transcripts, checked by the real checker.

Each call goes in through the store API the pipeline uses (ingest, save_transcript, save_review),
so the pages read exactly what a processed recording leaves behind.
"""

from __future__ import annotations

import math
import struct
import wave
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ivr.recordings.ingest import RecordingEvent, ingest
from ivr.review import check_call
from ivr.scripts import ScriptSource
from ivr.store.calls import save_review, save_transcript
from ivr.store.db import transaction
from ivr.store.jobs import claim, finish
from ivr.transcript import Transcript, Utterance

AUDIO_SECONDS = 40


@dataclass(frozen=True)
class SeedCall:
    department: str
    agent: str
    day: int  # days before the newest call
    lines: tuple[tuple[str, float, str], ...]  # (speaker, start, text)


GOOD_ZH = (
    ("agent", 0.5, "您好 安居 家电 售后 服务 中心 二零九 号 为您服务 请问 有 什么 可以 帮到 您"),
    ("caller", 5.0, "我家 的 空调 坏了 不 制冷 了"),
    ("agent", 9.0, "给 您 添 麻烦 了 您 是 说 家里 的 空调 不 制冷 了 对吗"),
    ("caller", 13.0, "对 是的"),
    ("agent", 16.0, "好的 我们 会 安排 师傅 上门 检修 在 三个 工作日 内 联系 您"),
    ("caller", 24.0, "好的 谢谢"),
    ("agent", 28.0, "请问 还有 其他 可以 帮 您 的 吗 感谢 您 的 来电 再见"),
)
RUDE_ZH = (
    ("agent", 0.5, "喂"),
    ("caller", 3.0, "我 要 投诉 你们 的 安装 太慢 了 等了 半天"),
    ("agent", 8.0, "这个 我 不知道 不归我管 你 自己 查"),
    ("caller", 15.0, "你们 怎么 回事"),
    ("agent", 20.0, "这是 规定 没办法"),
    ("caller", 30.0, "再见"),
)
AIRLINE_ZH = (
    ("agent", 0.5, "您好 云途 航空 客服 中心 工号 七一二 为您服务 请问 有 什么 可以 帮到 您"),
    ("caller", 6.0, "我 想 改签 明天 的 机票"),
    ("agent", 10.0, "您 是 想 改签 明天 的 机票 是吗"),
    ("caller", 14.0, "是的"),
    ("agent", 17.0, "好的 我 核实 一下 稍后 尽快 回复 您"),
    ("agent", 30.0, "感谢 您 的 来电 再见"),
)
BILLING_EN = (
    (
        "agent",
        0.5,
        "hello northwind billing support this is agent forty two how can i help you today",
    ),
    ("caller", 6.0, "i was charged twice for my invoice"),
    ("agent", 10.0, "sorry about that so you were charged twice for the invoice is that right"),
    ("caller", 14.0, "yes"),
    ("agent", 17.0, "i will check it and call you back within two business days"),
    ("agent", 26.0, "is there anything else i can help with thank you for calling goodbye"),
)

# A call whose channels were not told apart: no rule can be judged, every finding is uncertain.
MIXED_ZH = (
    ("unknown", 0.5, "您好 云途 航空 请问 有 什么 可以 帮到 您 我 想 退票"),
    ("unknown", 9.0, "好的 我 帮 您 看 一下 感谢 您 的 来电 再见"),
)

CALLS = (
    SeedCall("appliance-service", "agent-209", 0, GOOD_ZH),
    SeedCall("appliance-service", "agent-210", 0, RUDE_ZH),
    SeedCall("appliance-service", "agent-209", 1, GOOD_ZH),
    SeedCall("appliance-service", "agent-210", 2, RUDE_ZH),
    SeedCall("airline-service", "agent-712", 1, AIRLINE_ZH),
    SeedCall("airline-service", "agent-712", 3, AIRLINE_ZH),
    SeedCall("billing-en", "agent-42", 2, BILLING_EN),
    SeedCall("billing-en", "agent-42", 4, BILLING_EN),
    SeedCall("airline-service", "agent-713", 5, MIXED_ZH),
)
NEWEST = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def write_wav(path: Path, seconds: int = AUDIO_SECONDS, rate: int = 8000) -> Path:
    """A real, small 8 kHz mono WAV: a quiet tone, so the player has something to seek in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(
        struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(seconds * rate)
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def transcript_of(call: SeedCall, language: str) -> Transcript:
    utterances = [
        Utterance(speaker=speaker, start=start, end=start + 3.5, text=text)  # type: ignore[arg-type]
        for speaker, start, text in call.lines
    ]
    return Transcript(language=language, duration=AUDIO_SECONDS, channels=2, utterances=utterances)


def seed_calls(
    store: sessionmaker[Session], scripts: ScriptSource, audio: Path, calls=CALLS
) -> list[int]:
    """Store every call with its transcript and review; returns their ids, in `calls` order."""
    ids = []
    for n, call in enumerate(calls):
        script = scripts.get(call.department)
        event = RecordingEvent(
            recording_sid=f"RE{n:032d}",
            call_sid=f"CA{n:032d}",
            status="completed",
            department_id=call.department,
            script_version=script.version,
            audio_path=str(audio),
            channels=2,
            duration=float(AUDIO_SECONDS),
            started_at=NEWEST - timedelta(days=call.day, minutes=7 * n),
            caller="+8613800000000",
            agent=call.agent,
        )
        ingested = ingest(store, event, scripts)
        transcript = transcript_of(call, script.lang)
        with transaction(store) as session:
            save_transcript(session, ingested.call_id, transcript)
            save_review(
                session,
                ingested.call_id,
                check_call(transcript, script),
                script_version=script.version,
            )
        if ingested.job_id is not None and claim(
            store, "seed", timedelta(minutes=1), job_id=ingested.job_id
        ):
            finish(store, ingested.job_id, "seed")
        ids.append(ingested.call_id)
    return ids
