"""Where a caller is in the phone tree, carried in the webhook URLs' query strings.

Twilio calls back the URL each TwiML document names, so the call's state travels with it and any
gunicorn worker can answer the next step: nothing is kept server-side between requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from ivr.errors import IvrError

MAX_DEPTH = 8  # deeper than any sane menu: a longer path is a tampered or corrupt URL


class CallStateError(IvrError):
    """A webhook URL carries a call state this app never produced."""


@dataclass(frozen=True)
class CallState:
    department: str
    path: str = ""  # digits pressed to reach the current sub-menu, e.g. "2"
    failures: int = 0  # no-input or invalid choices at the current menu

    @classmethod
    def from_query(cls, args: Mapping[str, str], default_department: str) -> CallState:
        path = args.get("path", "")
        failures = args.get("failures", "0")
        if not failures.isdigit() or len(path) > MAX_DEPTH:
            raise CallStateError(f"bad call state in URL: path={path!r} failures={failures!r}")
        return cls(args.get("department") or default_department, path, int(failures))

    def query(self) -> str:
        return urlencode(
            {"department": self.department, "path": self.path, "failures": self.failures}
        )

    def enter(self, digit: str) -> CallState:
        return replace(self, path=self.path + digit, failures=0)

    def back(self) -> CallState:
        return replace(self, path=self.path[:-1], failures=0)

    def failed(self) -> CallState:
        return replace(self, failures=self.failures + 1)
