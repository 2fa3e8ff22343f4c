"""When Vosk ends an utterance on a live stream: the same model files under a quicker endpointer.

Vosk gives a final result only once its endpointer sees enough trailing silence, as the model's
`conf/model.conf` says. The small models ship Kaldi's defaults, tuned for dictation: 0.5 s of
silence, and only when the decoder already sits in a likely sentence end (`rule2`); else 1 s or
2 s. That is most of the time from the end of what the agent said to the live finding. vosk 0.3.45
has no call to change it, so live streams load the model from a second directory: links to the
model's own files beside a `model.conf` whose endpointer ends an utterance after `TRAILING_SILENCE`
seconds of silence, however likely the sentence end. Utterances are still the words between
pauses of `pause` seconds (`TrackDecoder`), as in a recording's transcript: the quicker endpoint
only decides how soon Vosk hands its words over. The batch transcriber keeps the model as shipped.

The directory is made once per machine under the data directory (named after the model's path
and these settings) and shared by every web process; the model itself is loaded once per process.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

TRAILING_SILENCE = 0.2  # seconds of silence after speech that end an utterance on a live stream
LIVE_OPTIONS = {
    "--endpoint.rule2.min-trailing-silence": str(TRAILING_SILENCE),
    "--endpoint.rule2.max-relative-cost": "inf",
}
# Not changed: `--frames-per-chunk` (smaller chunks would hand words over ~0.1 s sooner), since
# with it set Vosk 0.3.45 decodes the same audio differently from one recognizer to the next.
CONF = Path("conf") / "model.conf"


def live_model_dir(model: Path, cache: Path) -> Path:
    """`model`'s files under the live endpointer, made under `cache` if not there yet; `model`
    itself when it has no `conf/model.conf` (an old layout Vosk reads another way)."""
    if not (model / CONF).is_file():
        log.warning("live assist: %s has no %s; its endpointer is left as shipped", model, CONF)
        return model
    conf = _live_conf((model / CONF).read_text(encoding="utf-8"))
    digest = hashlib.sha256(f"{model.resolve()}\n{conf}".encode()).hexdigest()[:12]
    target = cache / f"{model.name}-{digest}"
    if (target / CONF).is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".making-", dir=cache))
    try:
        _link_model(model.resolve(), scratch, conf)
        os.rename(scratch, target)  # atomic: another process finds a whole directory or none
        log.info("live assist: %s made for %s", target, model)
    except OSError:
        if not (target / CONF).is_file():  # not merely made by another process meanwhile
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _live_conf(shipped: str) -> str:
    kept = [line for line in shipped.splitlines() if line.split("=", 1)[0] not in LIVE_OPTIONS]
    return "\n".join([*kept, *(f"{key}={value}" for key, value in LIVE_OPTIONS.items())]) + "\n"


def _link_model(model: Path, into: Path, conf: str) -> None:
    for entry in model.iterdir():
        if entry.name != CONF.parent.name:
            (into / entry.name).symlink_to(entry)
    (into / CONF.parent).mkdir()
    for entry in (model / CONF.parent).iterdir():
        if entry.name != CONF.name:
            (into / CONF.parent / entry.name).symlink_to(entry)
    (into / CONF).write_text(conf, encoding="utf-8")
