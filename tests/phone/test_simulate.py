"""`ivr simulate` drives the real app with signed requests and prints what the caller hears."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ivr.cli import cli

OPEN = "2026-11-23T10:00+08:00"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IVR_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "simulate-token")

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, ["simulate", *args])
        assert result.exit_code == 0, result.output
        return result

    return invoke


def heard(result: Result) -> list[str]:
    return [line.removeprefix("caller hears: ") for line in result.output.splitlines()]


def test_scripted_walk_to_an_agent(run) -> None:
    result = run("--to", "+864008001001", "--at", OPEN, "--input", "1")
    lines = heard(result)
    expected = [
        "您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？",
        "caller presses: 1",
        "正在为您转接客服专员，请稍候。",
        "抱歉，目前咨询量较大，请您稍等片刻，我会尽快为您服务，感谢您的耐心等待。",
        "非常抱歉让您久等了，请问有什么可以帮到您？",
        "-- hang up",
    ]
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)


def test_scripted_wrong_number_with_speech_and_silence(run) -> None:
    result = run("--to", "+864008001001", "--at", OPEN, "-i", "随便", "-i", "", "-i", "4")
    assert result.output.count("抱歉，没有听清您的选择，请您再说一次。") == 2
    assert "caller says: 随便" in result.output and "caller says nothing" in result.output
    assert heard(result)[-3:] == [
        "您好，这里是安居家电售后服务中心。您可能拨打错电话了，请您确认一下正确的号码。",
        "没关系，感谢您的来电，再见。",
        "-- hang up",
    ]


def test_no_agent_ends_in_voicemail_and_twiml_is_shown(run) -> None:
    result = run(
        "--to", "+15005550006", "--at", "2026-11-23T10:30-05:00", "-i", "2", "--no-agent", "--twiml"
    )
    assert "POST /voice/hold?department=billing-en" in result.output
    assert "<Enqueue" in result.output and "<Leave />" in result.output
    assert "caller leaves the queue after 300 s" in result.output
    assert "Please leave your name, number and question after the tone" in result.output


def test_after_hours_and_running_out_of_input(run) -> None:
    closed = run("--to", "+864008001001", "--at", "2026-11-23T22:00+08:00")
    assert "现在是非工作时间" in closed.output and "leaves a message" in closed.output
    quiet = run("--to", "+864008001001", "--at", OPEN, "-i", "2")
    assert "查询空调安装请按一" in quiet.output
    assert quiet.output.rstrip().endswith("no more --input: the caller hangs up")


def test_interactive_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IVR_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(
        cli, ["simulate", "--to", "+864008002002", "--at", OPEN], input="9\n"
    )
    assert result.exit_code == 0, result.output
    assert "您好，这里是云途航空客服中心。您可能拨打错电话了" in result.output


def test_bad_time_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IVR_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(cli, ["simulate", "--at", "tonight"])
    assert result.exit_code == 2 and "ISO 8601" in result.output
