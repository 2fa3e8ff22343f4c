"""Twilio request signatures: every webhook is checked with twilio's own RequestValidator.

Twilio signs the URL it called, which behind a proxy or tunnel is not the URL Flask sees, so the
configured public base URL wins over the request's own host.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import quote

from flask import Response, request
from twilio.request_validator import RequestValidator

from ivr.context import ivr_context

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., object])


def public_url(base_url: str | None) -> str:
    """The URL Twilio called for the current request, byte for byte as it signed it: the raw
    query string, since `request.url` decodes escapes such as %3A that Twilio signed encoded."""
    base = base_url or request.host_url.rstrip("/")
    query = request.query_string.decode()
    return f"{base}{quote(request.path)}" + (f"?{query}" if query else "")


def sign(token: str, url: str, params: Mapping[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send for a POST of `params` to `url`."""
    return RequestValidator(token).compute_signature(url, dict(params))


def twilio_signed(view: F) -> F:
    """Reject with 403 any request whose X-Twilio-Signature does not match."""

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        settings = ivr_context().settings
        url = public_url(settings.public_base_url)
        signature = request.headers.get("X-Twilio-Signature", "")
        validator = RequestValidator(settings.twilio_auth_token)
        if not signature or not validator.validate(url, request.form.to_dict(), signature):
            log.warning("rejected unsigned or forged request to %s", url)
            return Response(
                "Forbidden: missing or invalid X-Twilio-Signature. Check TWILIO_AUTH_TOKEN and "
                "that PUBLIC_BASE_URL is the URL Twilio calls.",
                status=403,
                mimetype="text/plain",
            )
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
