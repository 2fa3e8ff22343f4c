"""Live streams end utterances sooner than the model as shipped (ivr.live.endpoint), and a track's
utterances are still its words between pauses, whatever made Vosk end a result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ivr.live.decode import TrackDecoder
from ivr.live.endpoint import CONF, LIVE_OPTIONS, live_model_dir
from ivr.speech.models import load_model, model_rate
from ivr.transcript import Utterance
from tests.live.client import FRAME, mulaw
from tests.live.conftest import AGENT_APOLOGISES, AGENT_OPENS, KO_MODEL
from tests.speech.synth import Placement, build_call, speak

SHIPPED = "--endpoint.rule2.min-trailing-silence=0.5"


def fake_model(root: Path) -> Path:
    for part in ("am", "conf", "graph"):
        (root / part).mkdir(parents=True)
    (root / "am" / "final.mdl").write_bytes(b"model")
    (root / "conf" / "mfcc.conf").write_text("--sample-frequency=16000\n")
    (root / "conf" / "model.conf").write_text(f"--beam=10.0\n{SHIPPED}\n")
    return root


def test_the_live_copy_links_the_models_files_and_changes_only_its_endpointer(
    tmp_path: Path,
) -> None:
    model = fake_model(tmp_path / "vosk-model-x")
    live = live_model_dir(model, tmp_path / "cache")
    assert live != model and live.parent == tmp_path / "cache"
    conf = (live / CONF).read_text().splitlines()
    assert "--beam=10.0" in conf and SHIPPED not in conf
    assert all(f"{key}={value}" in conf for key, value in LIVE_OPTIONS.items())
    assert (live / "am").resolve() == (model / "am").resolve()
    assert (live / "conf" / "mfcc.conf").read_text() == "--sample-frequency=16000\n"
    assert (model / CONF).read_text() == f"--beam=10.0\n{SHIPPED}\n"  # the shipped one untouched
    # Made once: the next process (or call) finds it, nothing half-made is left beside it.
    assert live_model_dir(model, tmp_path / "cache") == live
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [live.name]


def test_a_model_without_model_conf_is_used_as_shipped(tmp_path: Path) -> None:
    model = fake_model(tmp_path / "old")
    (model / CONF).unlink()
    assert live_model_dir(model, tmp_path / "cache") == model


def test_live_copies_under_two_data_directories_are_one_model_in_a_process(
    tmp_path: Path,
) -> None:
    first = live_model_dir(KO_MODEL, tmp_path / "one")
    second = live_model_dir(KO_MODEL, tmp_path / "two")
    assert first != second
    assert load_model(first) is load_model(second)
    assert load_model(first) is not load_model(KO_MODEL)  # the shipped endpointer is another


def decode(audio: np.ndarray, model: Path) -> tuple[list[Utterance], list[float]]:
    """The track's utterances, and for each result Vosk gave while the audio came in, how long
    after its last word's end it came (seconds of audio fed since)."""
    decoder = TrackDecoder(load_model(model), model_rate(KO_MODEL), "agent", "ko")
    encoded, delays = mulaw(audio), []
    for at in range(0, len(encoded), FRAME):
        changed = decoder.feed(at, encoded[at : at + FRAME])
        delays += [(at + FRAME) / 8000 - u.end for u in changed[-1:]]
    decoder.finish()
    return decoder.utterances, delays


@pytest.mark.slow
def test_live_streams_hear_the_end_of_an_utterance_sooner_and_place_it_alike(
    speech: tuple[np.ndarray, list], tmp_path: Path
) -> None:
    agent = speech[0][:, AGENT_OPENS.channel]
    shipped, slow = decode(agent, KO_MODEL)
    live, quick = decode(agent, live_model_dir(KO_MODEL, tmp_path))
    assert len(slow) == len(quick) == 2, (slow, quick)  # both turns ended before the call did
    assert all(q < s - 0.2 for q, s in zip(quick, slow, strict=True)), (quick, slow)
    assert max(quick) < 1.0, quick
    assert len(live) == len(shipped) == 2
    for a, b in zip(live, shipped, strict=True):
        assert abs(a.start - b.start) < 0.3 and abs(a.end - b.end) < 0.3, (live, shipped)


@pytest.mark.slow
def test_words_closer_than_the_pause_grow_the_last_utterance(tmp_path: Path) -> None:
    """Two phrases 0.5 s apart: the live endpointer hands the first over before the second is
    done, yet they are one utterance (pause 0.8 s); 1.5 s apart they are two."""
    first, second = speak(AGENT_OPENS.text), speak(AGENT_APOLOGISES.text)
    one = (0.5, 0.5 + len(first) / 8000)
    two = (one[1] + 0.5, one[1] + 0.5 + len(second) / 8000)
    three = two[1] + 1.5
    audio, _ = build_call(
        [
            (Placement(0, one[0], AGENT_OPENS.text), first),
            (Placement(0, two[0], AGENT_APOLOGISES.text), second),
            (Placement(0, three, AGENT_OPENS.text), first),
        ],
        three + len(first) / 8000 + 1.5,
        channels=1,
    )
    model = load_model(live_model_dir(KO_MODEL, tmp_path))
    decoder = TrackDecoder(model, model_rate(KO_MODEL), "agent", "ko")
    encoded, handed = mulaw(audio[:, 0]), []
    for at in range(0, len(encoded), FRAME):
        if decoder.feed(at, encoded[at : at + FRAME]):
            handed.append(at / 8000)
    decoder.finish()
    assert any(one[1] < t < two[1] for t in handed), (handed, one, two)
    utterances = decoder.utterances
    assert len(utterances) == 2, utterances
    assert abs(utterances[0].start - one[0]) < 0.5 and abs(utterances[0].end - two[1]) < 0.5
    assert abs(utterances[1].start - three) < 0.5
