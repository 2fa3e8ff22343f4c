"""Where live calls are shared between processes: the stream of a call is decoded in one web
process while the agent's page may be served by another.

`StoreBoard` keeps them in the database (the default: nothing more to run). `RedisBoard` keeps a
call's state on Redis while it is live (`REDIS_URL`), so many web processes on many machines
publish and read it without writing the database at every utterance. Either way, a call that is
over is saved in the store with its live transcript and findings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

import redis
from sqlalchemy.orm import Session, sessionmaker

from ivr.live.call import LiveCall
from ivr.store.db import transaction
from ivr.store.live import get_live, latest_live, put_live
from ivr.store.migrate import open_store

log = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600  # a live call stays on Redis this long after its last update
NEWEST = 50
POLL_SECONDS = 0.2  # how often a page re-reads the store for a change: without Redis, no push


class Changes(Protocol):
    def wait(self, seconds: float) -> bool:
        """Whether a call of the watched agents may have changed, at most `seconds` from now."""
        ...


class Board(Protocol):
    def publish(self, call: LiveCall) -> None: ...

    def get(self, call_sid: str) -> LiveCall | None: ...

    def latest(self, agents: list[str] | None, limit: int = NEWEST) -> list[LiveCall]: ...

    def watch(self, agents: list[str] | None) -> AbstractContextManager[Changes]:
        """Notice of changes to the calls of `agents` (None: everyone's) while the block runs."""
        ...


class _Poll:
    """The store pushes nothing: every POLL_SECONDS might bring a change."""

    def wait(self, seconds: float) -> bool:
        time.sleep(min(seconds, POLL_SECONDS))
        return True


class StoreBoard:
    def __init__(self, store: sessionmaker[Session]) -> None:
        self.store = store

    def publish(self, call: LiveCall) -> None:
        with transaction(self.store) as session:
            put_live(session, call.model_dump(mode="json"))

    def get(self, call_sid: str) -> LiveCall | None:
        with self.store() as session:
            content = get_live(session, call_sid)
        return LiveCall.model_validate(content) if content else None

    def latest(self, agents: list[str] | None, limit: int = NEWEST) -> list[LiveCall]:
        with self.store() as session:
            return [LiveCall.model_validate(c) for c in latest_live(session, agents, limit)]

    @contextmanager
    def watch(self, agents: list[str] | None) -> Iterator[Changes]:
        yield _Poll()


class _Subscribed:
    def __init__(self, pubsub: redis.client.PubSub) -> None:
        self.pubsub = pubsub

    def wait(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            message = self.pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            if message is not None:
                while self.pubsub.get_message(ignore_subscribe_messages=True):
                    pass  # a burst of changes: one read of the board covers them all
                return True
        return False


class RedisBoard:
    """Live calls on Redis; calls that are over go to the store as well, and are read from
    there once Redis has let them expire."""

    PREFIX = "ivr:live:"
    CHANGED = f"{PREFIX}changed"  # a channel: any call changed; `CHANGED:agent`: that agent's

    def __init__(self, url: str, store: StoreBoard) -> None:
        self.redis = redis.Redis.from_url(url)
        self.store = store

    def publish(self, call: LiveCall) -> None:
        key = f"{self.PREFIX}call:{call.call_sid}"
        pipe = self.redis.pipeline()
        pipe.set(key, call.model_dump_json(), ex=KEEP_SECONDS)
        pipe.zadd(f"{self.PREFIX}calls", {call.call_sid: call.started_at.timestamp()})
        pipe.zadd(f"{self.PREFIX}agent:{call.agent}", {call.call_sid: call.started_at.timestamp()})
        pipe.publish(self.CHANGED, call.call_sid)
        pipe.publish(f"{self.CHANGED}:{call.agent}", call.call_sid)
        pipe.execute()
        if call.over:
            self.store.publish(call)

    def get(self, call_sid: str) -> LiveCall | None:
        raw = self.redis.get(f"{self.PREFIX}call:{call_sid}")
        return LiveCall.model_validate_json(raw) if raw else self.store.get(call_sid)

    def latest(self, agents: list[str] | None, limit: int = NEWEST) -> list[LiveCall]:
        keys = [f"{self.PREFIX}agent:{a}" for a in agents] if agents is not None else None
        sids: list[bytes] = []
        for key in keys or [f"{self.PREFIX}calls"]:
            sids += self.redis.zrevrange(key, 0, limit - 1)
        raws = self.redis.mget([f"{self.PREFIX}call:{s.decode()}" for s in sids]) if sids else []
        calls = [LiveCall.model_validate_json(r) for r in raws if r]
        calls.sort(key=lambda c: (c.status == "live", c.started_at), reverse=True)
        return calls[:limit] or self.store.latest(agents, limit)

    @contextmanager
    def watch(self, agents: list[str] | None) -> Iterator[Changes]:
        pubsub = self.redis.pubsub()
        channels = [self.CHANGED] if agents is None else [f"{self.CHANGED}:{a}" for a in agents]
        pubsub.subscribe(*channels)
        try:
            yield _Subscribed(pubsub)
        finally:
            pubsub.close()


def board_for(db_url: str, redis_url: str | None) -> Board:
    store = StoreBoard(open_store(db_url))
    return RedisBoard(redis_url, store) if redis_url else store
