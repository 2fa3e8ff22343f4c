"""A Twilio Media Streams client of our own: it opens `/media` with a real X-Twilio-Signature,
sends `connected` and `start`, paces 20 ms mu-law frames of both tracks, then `stop`."""

from __future__ import annotations

import audioop  # the stdlib's, or audioop-lts from Python 3.13 (a dependency)
import base64
import json
import time
from dataclasses import dataclass, field

import numpy as np
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from ivr.twilio_auth import sign
from tests.conftest import TOKEN

FRAME = 160  # 20 ms at 8 kHz


def mulaw(pcm: np.ndarray) -> bytes:
    """16-bit linear -> G.711 mu-law, as Twilio encodes the call's audio."""
    return audioop.lin2ulaw(pcm.astype(np.int16).tobytes(), 2)


@dataclass
class StreamCall:
    """One call's audio per track (int16 at 8 kHz) and the <Parameter>s of its <Stream>."""

    call_sid: str
    inbound: np.ndarray
    outbound: np.ndarray
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return len(self.inbound) / 8000


def open_stream(url: str, token: str = TOKEN, signature: str | None = None) -> ClientConnection:
    """The WebSocket handshake Twilio makes: signed over the wss:// URL, with no form."""
    headers = {"X-Twilio-Signature": sign(token, url, {}) if signature is None else signature}
    return connect(url, additional_headers=headers, open_timeout=30, max_size=None)


def stream(
    ws: ClientConnection,
    call: StreamCall,
    *,
    speed: float = 1.0,
    stop_at: float | None = None,
    stop: bool = True,
    swap_every: int = 0,
    sent: dict[int, float] | None = None,
) -> float:
    """Send the call paced at `speed` times real time; returns the wall clock at its start.
    `stop_at` (seconds) ends early without `stop` (a dropped stream); `swap_every` sends every
    n-th pair of frames in the wrong order, as a network may deliver them. `sent` gets the wall
    clock at which each frame n (both tracks) was sent: a client that falls behind its pace
    sends late, and a lag measured from the due time would count that as the server's."""
    sid = "MZ" + call.call_sid[2:]
    ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
    ws.send(
        json.dumps(
            {
                "event": "start",
                "sequenceNumber": "1",
                "streamSid": sid,
                "start": {
                    "streamSid": sid,
                    "accountSid": "AC" + "0" * 32,
                    "callSid": call.call_sid,
                    "tracks": ["inbound", "outbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                    "customParameters": call.parameters,
                },
            }
        )
    )
    frames = len(call.inbound) // FRAME
    if stop_at is not None:
        frames = min(frames, int(stop_at * 8000) // FRAME)
    audio = {"inbound": mulaw(call.inbound), "outbound": mulaw(call.outbound)}
    messages = []
    for n in range(frames):
        for track in ("inbound", "outbound"):
            payload = audio[track][n * FRAME : (n + 1) * FRAME]
            media = {
                "track": track,
                "chunk": str(n + 1),
                "timestamp": str(n * 20),
                "payload": base64.b64encode(payload).decode(),
            }
            messages.append((n, {"event": "media", "streamSid": sid, "media": media}))
    if swap_every:
        for i in range(0, len(messages) - 2, 2 * swap_every):
            messages[i], messages[i + 2] = messages[i + 2], messages[i]
    began = time.time()
    try:
        for n, message in messages:
            due = began + n * 0.02 / speed
            if due > time.time():
                time.sleep(due - time.time())
            ws.send(json.dumps(message))
            if sent is not None:
                sent[n] = time.time()
        if stop and stop_at is None:
            stopped = {"event": "stop", "streamSid": sid, "stop": {"callSid": call.call_sid}}
            ws.send(json.dumps(stopped))
    except ConnectionClosed:  # the server refused or ended the stream: Twilio just stops too
        pass
    return began
