"""Fetching a recording from Twilio's media URL with the account's credentials.

Timeouts, dropped connections, 429 and 5xx are retried by urllib3's Retry with exponential
backoff; any other answer is final and the job fails with it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ivr.errors import DownloadError

log = logging.getLogger(__name__)
RETRY_STATUSES = (429, 500, 502, 503, 504)


def media_url(recording_url: str) -> str:
    """Twilio's RecordingUrl has no extension; `.wav` asks for the dual-channel WAV file."""
    path = urlsplit(recording_url).path
    return recording_url if Path(path).suffix else recording_url + ".wav"


def _session(retries: int, backoff: float) -> requests.Session:
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def download(
    url: str,
    dest: Path,
    *,
    auth: tuple[str, str],
    timeout: float = 30.0,
    retries: int = 5,
    backoff: float = 0.5,
) -> Path:
    """Save the recording at `url` to `dest`; written whole or not at all."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        with (
            _session(retries, backoff) as session,
            session.get(url, auth=auth, timeout=timeout, stream=True) as response,
        ):
            if response.status_code in (401, 403):
                raise DownloadError(
                    f"{url}: HTTP {response.status_code}; check TWILIO_ACCOUNT_SID and "
                    "TWILIO_AUTH_TOKEN"
                )
            if response.status_code != 200:
                raise DownloadError(
                    f"{url}: HTTP {response.status_code}; `ivr jobs retry ID` once the recording "
                    "is available there"
                )
            with partial.open("wb") as out:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
    except requests.RequestException as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"{url}: {type(exc).__name__} after {retries} retries; check the network, then "
            "`ivr jobs retry ID`"
        ) from exc
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(dest)
    log.info("downloaded %s to %s (%d bytes)", url, dest, dest.stat().st_size)
    return dest
