"""What can go wrong in an operation: an error code and a sentence for the office worker."""

from __future__ import annotations

from collections.abc import Mapping

ECHO_LIMIT = 40


def echoed(value: object, limit: int = ECHO_LIMIT) -> str:
    """What a message may repeat of the caller's input: its start, never a whole megabyte."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Mapping | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = dict(details or {})


class NotAuthenticated(DomainError):
    status, code = 401, "not_authenticated"


class NotVisible(DomainError):
    status, code = 404, "not_found"

    def __init__(self, what: str = "记录") -> None:
        super().__init__(f"未找到该{what}，或您无权查看。")


class RoleRefused(DomainError):
    status, code = 403, "forbidden"


class StaleVersion(DomainError):
    status, code = 409, "stale_version"

    def __init__(self, *, current: int, given: int | None) -> None:
        super().__init__(
            "该记录已被他人修改，请刷新后重试。",
            details={"version": given, "current_version": current},
        )


class EventRefused(DomainError):
    status, code = 409, "event_not_allowed"


class GuardFailed(DomainError):
    status, code = 409, "guard_failed"


class InvalidInput(DomainError):
    status, code = 422, "invalid_input"

    def __init__(
        self, message: str = "提交的内容有误，请检查标出的字段。", *, details: Mapping | None = None
    ) -> None:
        super().__init__(message, details=details)


class Conflict(DomainError):
    status, code = 409, "conflict"


class TooManyAttempts(DomainError):
    """Asked again too soon; `retry_after` says in how many seconds (the Retry-After header)."""

    status, code = 429, "too_many_requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(DomainError):
    status, code = 413, "too_large"


class UnsupportedType(DomainError):
    status, code = 415, "unsupported_media_type"
