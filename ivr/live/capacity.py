"""How many calls one machine decodes live: a fixed number of slots shared by every process on it.

Each slot is a lock file under the data directory, held with `flock` for as long as its stream
runs: the count is per machine whatever the number of web processes, and a process that dies
releases its slots with its file handles. A stream that finds no free slot is refused, so the
streams that run never fall behind the call. More calls: more machines behind the load balancer.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Slots:
    def __init__(self, directory: Path, count: int) -> None:
        self.directory = directory
        self.count = count

    @contextmanager
    def take(self) -> Iterator[int | None]:
        """A free slot's number for the duration of the block, or None when all are taken."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for number in range(self.count):
            fd = os.open(self.directory / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield number
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        yield None
