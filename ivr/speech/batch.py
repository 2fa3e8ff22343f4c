"""Many recordings at once: one worker process per core, each loading its own Model once."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from ivr.errors import IvrError
from ivr.settings import Settings
from ivr.speech.decode import DecodeOptions
from ivr.speech.models import resolve_model
from ivr.speech.transcribe import transcribe_file
from ivr.transcript import Transcript

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int


@dataclass
class BatchResult:
    transcripts: dict[Path, Transcript] = field(default_factory=dict)
    failures: dict[Path, Failure] = field(default_factory=dict)


@dataclass(frozen=True)
class _Job:
    language: str
    settings: Settings
    agent_channel: int | None
    model: str | None
    options: DecodeOptions


def transcribe_many(
    paths: Sequence[Path],
    *,
    language: str,
    settings: Settings,
    agent_channel: int | None = None,
    model: str | None = None,
    workers: int | None = None,
    options: DecodeOptions | None = None,
    progress: bool = False,
) -> BatchResult:
    """Transcribe every file, carrying on past bad ones; results keep the order of `paths`.

    Raises ModelNotFoundError (or ConfigError for an unknown language) before any file is read.
    """
    cores = os.cpu_count() or 1
    workers = max(1, min(workers or cores, len(paths)))
    # Once for the whole batch: a missing model is one error, not one per file (nor one
    # download attempt per worker).
    model = str(resolve_model(language, model or settings.model_for(language)))
    options = options or DecodeOptions()
    if options.parallel_channels is None:  # channel threads only help while cores are idle
        options = replace(options, parallel_channels=workers < cores)
    job = _Job(language, settings, agent_channel, model, options)
    outcomes: dict[Path, Transcript | Failure] = {}
    with tqdm(total=len(paths), unit="file", disable=not progress, desc="transcribing") as bar:
        if workers == 1:
            for path in paths:
                outcomes[path] = _run(path, job)
                bar.update()
        else:
            # spawn: a worker must not inherit a parent's threads or its half-used Model.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                futures = {pool.submit(_run, path, job): path for path in paths}
                for future in as_completed(futures):
                    outcomes[futures[future]] = future.result()
                    bar.update()
    result = BatchResult()
    for path in paths:
        outcome = outcomes[path]
        if isinstance(outcome, Failure):
            result.failures[path] = outcome
        else:
            result.transcripts[path] = outcome
    return result


def _run(path: Path, job: _Job) -> Transcript | Failure:
    try:
        return transcribe_file(
            path,
            language=job.language,
            settings=job.settings,
            agent_channel=job.agent_channel,
            model=job.model,
            options=job.options,
        )
    except IvrError as error:
        return Failure(str(error), error.exit_code)
    except Exception as error:  # a bug on one file must not lose the rest of the batch
        log.exception("%s: unexpected error", path)
        return Failure(
            f"{path}: unexpected error ({type(error).__name__}: {error}); see the log", 1
        )
