"""The one hierarchy of expected failures, each mapped once to a CLI exit code and an HTTP status.

Anything that is not an `IvrError` is a bug: it is logged with its traceback, never shown raw.
"""

from pydantic import ValidationError


def first_error(exc: ValidationError) -> tuple[str, str]:
    """The dotted path and the message of a validation's first error, as users should read them."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return field, first["msg"].removeprefix("Value error, ")


class IvrError(Exception):
    """An expected failure with a message a user can act on."""

    exit_code = 1
    http_status = 400


class ConfigError(IvrError):
    """A settings value or a department script file is invalid."""

    exit_code = 2
    http_status = 500

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        department: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.department = department
        self.field = field
        where = ", ".join(
            part
            for part in (
                file and f"file {file}",
                department and f"department {department!r}",
                field and f"field {field!r}",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class NotFoundError(IvrError):
    """A department, call, job or file that was asked for does not exist."""

    exit_code = 3
    http_status = 404


class AudioError(IvrError):
    """A recording cannot be read: missing, empty, truncated, not audio, or unsupported."""

    exit_code = 4
    http_status = 422


class ModelNotFoundError(IvrError):
    """No Vosk model for a language could be found or downloaded."""

    exit_code = 5
    http_status = 503


class TranscriptError(IvrError):
    """A transcript file is not valid transcript JSON."""

    exit_code = 6
    http_status = 422


class DownloadError(IvrError):
    """A recording could not be fetched from Twilio (or the URL a callback gave)."""

    exit_code = 7
    http_status = 502


class LiveStreamError(IvrError):
    """A live media stream cannot be used: a malformed message, or no capacity left for it."""

    exit_code = 8
    http_status = 400
