"""Where live calls are shared between processes: the stream of a call is decoded in one web
process while the agent's page may be served by another.

`StoreBoard` keeps them in the database (the default: nothing more to run). `RedisBoard` keeps a
call's state on Redis while it is live (`REDIS_URL`), so many web processes on many machines
publish and read it without writing the database at every utterance. Either way, a call that is
over is saved in the store with its live transcript and findings.
"""

from __future__ import annotations

import logging
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


class Board(Protocol):
    def publish(self, call: LiveCall) -> None: ...

    def get(self, call_sid: str) -> LiveCall | None: ...

    def latest(self, agents: list[str] | None, limit: int = NEWEST) -> list[LiveCall]: ...


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


class RedisBoard:
    """Live calls on Redis; calls that are over go to the store as well, and are read from
    there once Redis has let them expire."""

    PREFIX = "ivr:live:"

    def __init__(self, url: str, store: StoreBoard) -> None:
        self.redis = redis.Redis.from_url(url)
        self.store = store

    def publish(self, call: LiveCall) -> None:
        key = f"{self.PREFIX}call:{call.call_sid}"
        pipe = self.redis.pipeline()
        pipe.set(key, call.model_dump_json(), ex=KEEP_SECONDS)
        pipe.zadd(f"{self.PREFIX}calls", {call.call_sid: call.started_at.timestamp()})
        pipe.zadd(f"{self.PREFIX}agent:{call.agent}", {call.call_sid: call.started_at.timestamp()})
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


def board_for(db_url: str, redis_url: str | None) -> Board:
    store = StoreBoard(open_store(db_url))
    return RedisBoard(redis_url, store) if redis_url else store
