"""A stand-in for Twilio's media URLs: a real HTTP server on 127.0.0.1 with basic auth.

Each path serves bytes; a path may first answer with a script of troubles ("slow" past the
client's timeout, "503", "hold" until released) before it serves.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Media:
    user: str
    password: str
    files: dict[str, bytes] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # Content-Type when not audio/x-wav
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    troubles: dict[str, list[str]] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)  # (path, status) per request
    release: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)
    slow_seconds: float = 1.5
    base_url: str = ""
    public: bool = False  # serves without credentials, like a signed short-lived media URL

    def recording_url(self, sid: str) -> str:
        """What Twilio puts in RecordingUrl: no extension; the worker asks for `.wav`."""
        return f"{self.base_url}/2010-04-01/Accounts/{self.user}/Recordings/{sid}"

    def serve(self, sid: str, body: bytes, *troubles: str) -> str:
        path = f"/2010-04-01/Accounts/{self.user}/Recordings/{sid}.wav"
        self.files[path] = body
        self.troubles[path] = list(troubles)
        return self.recording_url(sid)

    def path_of(self, url: str) -> str:
        return url.removeprefix(self.base_url)

    def hits(self, sid: str) -> list[int]:
        return [status for path, status in self.log if f"/{sid}." in path]


def _handler(media: Media) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = self._status()
            media.log.append((self.path, status))
            if status == -1:  # "slow": the client gave up already
                return
            if status == 302:
                self.send_response(302)
                self.send_header("Location", media.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            body = media.files[self.path] if status == 200 else b"{}"
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
            kind = media.types.get(self.path, "audio/x-wav")
            self.send_header("Content-Type", kind if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _status(self) -> int:
            login = base64.b64encode(f"{media.user}:{media.password}".encode()).decode()
            if not media.public and self.headers.get("Authorization") != f"Basic {login}":
                return 401
            if self.path in media.redirects:
                return 302
            if self.path not in media.files:
                return 404
            troubles = media.troubles[self.path]
            trouble = troubles.pop(0) if troubles else "ok"
            if trouble == "slow":
                time.sleep(media.slow_seconds)
                return -1
            if trouble == "hold":
                media.held.set()
                media.release.wait(60)
            return 503 if trouble == "503" else 200

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def media_server(user: str, password: str) -> Iterator[Media]:
    media = Media(user, password)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(media))
    server.daemon_threads = True
    media.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield media
    finally:
        media.release.set()
        server.shutdown()
        server.server_close()
