"""Fetching a recording from Twilio's media URL with the account's credentials.

Timeouts, dropped connections, 429 and 5xx are retried by urllib3's Retry with exponential
backoff; any other answer is final and the job fails with it. The credentials go only to the
allowed origins (Twilio's API host): a redirect off them is followed without the credentials, as
Twilio sends one to a short-lived media URL when "Enforce HTTP Auth on Media URLs" is on. What is
kept is audio ffmpeg reads: anything else leaves no file behind, so a retry fetches again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Set
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ivr.errors import AudioError, DownloadError
from ivr.settings import origin_of
from ivr.speech.audio import probe

log = logging.getLogger(__name__)
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_REDIRECTS = 5


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
        redirect=False,
    )
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def _allowed(url: str, allowed: Set[str]) -> str:
    if origin_of(url) not in allowed:
        raise DownloadError(
            f"{url}: not on {' or '.join(sorted(allowed))}, so it is not fetched (the request "
            "would carry the Twilio credentials); set IVR_MEDIA_ORIGINS if that host is Twilio's"
        )
    return url


def redirect_target(url: str, location: str) -> str:
    """Where a redirect from `url` leads; never from https down to http, where the recording (and
    a signed URL's token) would cross the network in the clear."""
    target = urljoin(url, location)
    if urlsplit(url).scheme == "https" and urlsplit(target).scheme != "https":
        raise DownloadError(
            f"{url}: redirected to {target}, which is not https, so it is not followed"
        )
    return target


def _get(
    session: requests.Session,
    url: str,
    allowed: Set[str],
    auth: tuple[str, str],
    **options: object,
) -> requests.Response:
    """GET `url` (on an allowed origin) with the credentials, following redirects; once a
    redirect leaves the allowed origins the credentials are sent no more."""
    credentials: tuple[str, str] | None = auth
    url = _allowed(url, allowed)
    for _ in range(MAX_REDIRECTS + 1):
        if origin_of(url) not in allowed:
            credentials = None
        response = session.get(url, auth=credentials, allow_redirects=False, **options)  # type: ignore[arg-type]
        if not response.is_redirect:
            return response
        response.close()
        url = redirect_target(url, response.headers["Location"])
    raise DownloadError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _check_answer(url: str, response: requests.Response) -> None:
    if response.status_code in (401, 403) and response.url != url:
        raise DownloadError(
            f"{url}: redirected to {response.url}, which answered HTTP {response.status_code} "
            "without the credentials (they go only to IVR_MEDIA_ORIGINS); `ivr jobs retry ID` "
            "fetches a new link"
        )
    if response.status_code in (401, 403):
        raise DownloadError(
            f"{url}: HTTP {response.status_code}; check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        )
    if response.status_code != 200:
        raise DownloadError(
            f"{url}: HTTP {response.status_code}; `ivr jobs retry ID` once the recording "
            "is available there"
        )
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if not kind.startswith("audio/"):
        raise DownloadError(
            f"{url}: answered {kind or 'no content type'}, not audio; `ivr jobs retry ID` once "
            "the recording is available there"
        )


def download(
    url: str,
    dest: Path,
    *,
    auth: tuple[str, str],
    allowed: Set[str],
    timeout: float = 30.0,
    retries: int = 5,
    backoff: float = 0.5,
) -> Path:
    """Save the recording at `url` to `dest`; written whole and readable, or not at all."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        with (
            _session(retries, backoff) as session,
            _get(session, url, allowed, auth=auth, timeout=timeout, stream=True) as response,
        ):
            _check_answer(url, response)
            with partial.open("wb") as out:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
        probe(partial)
    except requests.RequestException as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"{url}: {type(exc).__name__} after {retries} retries; check the network, then "
            "`ivr jobs retry ID`"
        ) from exc
    except AudioError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"{url}: the download is not a whole recording ffmpeg can read; "
            "`ivr jobs retry ID` to fetch it again"
        ) from exc
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(dest)
    log.info("downloaded %s to %s (%d bytes)", url, dest, dest.stat().st_size)
    return dest
