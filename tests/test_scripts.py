"""Department scripts: the shipped file is valid, and a bad file fails at start-up with an error
naming the file, the department and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli
from ivr.errors import ConfigError
from ivr.scripts import load_script_book
from ivr.settings import DEFAULT_SCRIPTS

Raw = dict[str, Any]


@pytest.fixture
def raw() -> Raw:
    return yaml.safe_load(DEFAULT_SCRIPTS.read_text(encoding="utf-8"))


def write(tmp_path: Path, raw: Raw) -> Path:
    path = tmp_path / "departments.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def first(raw: Raw) -> Raw:
    return raw["departments"][0]


def test_default_file_has_mandarin_and_english_departments() -> None:
    book = load_script_book(DEFAULT_SCRIPTS)
    languages = [s.language for s in book.all()]
    assert languages.count("zh-CN") >= 2 and languages.count("en-US") >= 1
    appliance = book.get("appliance-service")
    assert appliance.phrase("greeting") == (
        "您好，安居家电售后服务中心，很高兴为您服务，请问有什么可以帮到您？"
    )
    assert "209" in appliance.phrase("greeting_with_agent")
    assert book.for_number("+15005550006").id == "billing-en"
    assert book.for_number("+19999999999").id == book.default


CASES: list[tuple[str, Callable[[Raw], None], str, str]] = [
    ("voice", lambda d: d.update(voice="Polly.Joanna"), "voice", "does not speak zh-CN"),
    ("language", lambda d: d.update(language="fr-FR"), "language", "zh-CN"),
    (
        "placeholder",
        lambda d: d["phrases"].update(greeting="您好，{dept}"),
        "phrases.greeting",
        "{dept}",
    ),
    ("missing phrase", lambda d: d["phrases"].pop("hold"), "phrases.hold", "required"),
    (
        "hours",
        lambda d: d["hours"]["weekly"].update(mon=["20:00-08:00"]),
        "hours.weekly",
        "ends before it starts",
    ),
    ("timezone", lambda d: d["hours"].update(timezone="Mars/Base"), "hours.timezone", "IANA"),
    ("holiday", lambda d: d["hours"].update(holidays=["2026-13-01"]), "hours.holidays.0", ""),
    ("agent", lambda d: d.update(agents=["agent209"]), "agents", "client:identity"),
    ("number", lambda d: d.update(numbers=["4008001001"]), "numbers", "+E.164"),
    (
        "audio escape",
        lambda d: d.update(audio={"greeting": "../../etc/passwd"}),
        "audio",
        "under the audio directory",
    ),
    (
        "duplicate digit",
        lambda d: d["menu"]["options"].append({"digit": "1", "action": "queue"}),
        "menu.options",
        "digit '1'",
    ),
    (
        "department target missing",
        lambda d: d["menu"]["options"].append({"digit": "7", "action": "department"}),
        "menu.options.6",
        "department: ID",
    ),
    ("attempts", lambda d: d.update(max_menu_attempts=0), "max_menu_attempts", "1"),
    ("unknown key", lambda d: d.update(greting="hi"), "greting", "not permitted"),
]


@pytest.mark.parametrize(
    ("mutate", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_department_names_file_department_and_field(
    tmp_path: Path, raw: Raw, mutate: Callable[[Raw], None], field: str, words: str
) -> None:
    mutate(first(raw))
    path = write(tmp_path, raw)
    with pytest.raises(ConfigError) as caught:
        load_script_book(path)
    error = caught.value
    assert (error.file, error.department, error.field) == (str(path), "appliance-service", field)
    assert words in str(error)
    assert str(path) in str(error) and "appliance-service" in str(error)


def test_cross_department_errors_name_the_department(tmp_path: Path, raw: Raw) -> None:
    raw["departments"][1]["numbers"] = list(first(raw)["numbers"])
    with pytest.raises(ConfigError) as caught:
        load_script_book(write(tmp_path, raw))
    assert (caught.value.department, caught.value.field) == ("airline-service", "numbers")


def test_menu_target_must_exist(tmp_path: Path, raw: Raw) -> None:
    raw["departments"].pop(1)  # appliance-service's option 8 transfers to airline-service
    with pytest.raises(ConfigError) as caught:
        load_script_book(write(tmp_path, raw))
    assert (caught.value.department, caught.value.field) == ("appliance-service", "menu")
    assert "airline-service" in str(caught.value)


def test_unknown_default_and_broken_yaml_name_the_file(tmp_path: Path, raw: Raw) -> None:
    raw["default"] = "nobody"
    with pytest.raises(ConfigError, match="default department 'nobody'"):
        load_script_book(write(tmp_path, raw))
    broken = tmp_path / "broken.yaml"
    broken.write_text("departments: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml.*not valid YAML"):
        load_script_book(broken)
    with pytest.raises(ConfigError, match="IVR_SCRIPTS"):
        load_script_book(tmp_path / "absent.yaml")


def test_version_follows_content(tmp_path: Path, raw: Raw) -> None:
    before = {s.id: s.version for s in load_script_book(write(tmp_path, raw)).all()}
    assert before == {s.id: s.version for s in load_script_book(write(tmp_path, raw)).all()}
    assert len(set(before.values())) == len(before)
    first(raw)["phrases"]["hold"] += "谢谢。"
    after = {s.id: s.version for s in load_script_book(write(tmp_path, raw)).all()}
    assert after["appliance-service"] != before["appliance-service"]
    assert after["airline-service"] == before["airline-service"]


def test_serve_refuses_to_start_on_an_invalid_file(
    tmp_path: Path, raw: Raw, monkeypatch: pytest.MonkeyPatch
) -> None:
    first(raw)["phrases"]["greeting"] = "您好，{dept}"
    path = write(tmp_path, raw)
    monkeypatch.setenv("IVR_SCRIPTS", str(path))
    monkeypatch.setenv("IVR_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(cli, ["serve", "--port", "1"])
    assert result.exit_code == ConfigError.exit_code
    assert f"file {path}, department 'appliance-service', field 'phrases.greeting'" in result.output
