"""Settings of the service, read from the environment in one place and checked at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url


class ConfigurationError(RuntimeError):
    """A setting is missing or wrong; the message says what to set."""


_INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _count(name: str, environ: Mapping[str, str], default: int) -> int:
    value = (environ.get(name) or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdecimal()):
        raise ConfigurationError(f"{name}={value!r} must be a whole number, e.g. {name}=1")
    return int(value)


@dataclass(frozen=True)
class Settings:
    # SQLAlchemy URL; the embedded default is a SQLite file in the instance folder.
    database_url: str = f"sqlite:///{_INSTANCE / 'proposals.sqlite3'}"
    # PostgreSQL: the tables' owner, for `db upgrade` (unset: DATABASE_URL's role owns them).
    # The service itself then connects as DATABASE_URL's role, under row-level security.
    migration_database_url: str = ""
    # Signs session cookies; the embedded default makes one per instance folder.
    secret_key: str = ""
    # Run the sweep and the document renderer inside the web process.
    scheduler_enabled: bool = True
    # Where rendered PDFs are stored.
    documents_dir: str = str(_INSTANCE / "documents")
    # The service's time zone: deadlines fall due at the end of their day here.
    timezone: str = "Asia/Shanghai"
    # Hours an API token stays valid after login.
    token_hours: int = 12
    # argon2 cost: "standard" in service, "fast" only for the test suite.
    password_cost: str = "standard"
    # Seconds between two sweeps of due deadlines.
    sweep_interval_seconds: int = 60
    # Reverse proxies in front of the service whose X-Forwarded-For is believed (0: none, so
    # the client's address is the connection's; a forged header cannot dodge login throttling).
    trusted_proxies: int = 0
    # Mark the session cookie Secure even when a request does not look like HTTPS (it always is
    # Secure on a request that does).
    session_cookie_secure: bool = False
    # 电子签章: a PKCS#12 file and its password sign every notice and letter; the seal image
    # (PNG or JPEG) is shown where each is stamped. Unset: documents are unsigned.
    signing_p12: str = ""
    signing_p12_password: str = ""
    seal_image: str = ""
    # Where mail goes out: smtp://user:pass@host:25 (STARTTLS when the server offers it) or
    # smtps://user:pass@host:465; unset, no mail is queued.
    smtp_url: str = ""
    mail_from: str = ""
    # A generic SMS gateway that takes POST {phone, text}; unset, no SMS is queued.
    sms_url: str = ""
    # The address people open the service at: the links in mail, robot messages and SMS.
    base_url: str = "http://127.0.0.1:5000"
    # 提案公开: requests one address may make to the public pages and API per minute (then 429
    # until the minute is over), and seconds a public answer is cached by this process and by
    # browsers (a publish or unpublish drops the cache at once on every instance).
    public_rate_limit: int = 120
    public_cache_seconds: int = 60
    instance_path: str = str(_INSTANCE)
    extra: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Build settings from environment variables; unset ones keep the embedded defaults."""
        base = cls()
        return replace(
            base,
            database_url=environ.get("DATABASE_URL") or base.database_url,
            migration_database_url=environ.get("MIGRATION_DATABASE_URL") or "",
            secret_key=environ.get("SECRET_KEY") or base.secret_key,
            scheduler_enabled=_flag(environ.get("SCHEDULER_ENABLED"), base.scheduler_enabled),
            documents_dir=environ.get("DOCUMENTS_DIR") or base.documents_dir,
            timezone=environ.get("TIMEZONE") or base.timezone,
            token_hours=int(environ.get("TOKEN_HOURS") or base.token_hours),
            trusted_proxies=_count("TRUSTED_PROXIES", environ, base.trusted_proxies),
            session_cookie_secure=_flag(
                environ.get("SESSION_COOKIE_SECURE"), base.session_cookie_secure
            ),
            signing_p12=environ.get("SIGNING_P12") or base.signing_p12,
            signing_p12_password=environ.get("SIGNING_P12_PASSWORD") or "",
            seal_image=environ.get("SEAL_IMAGE") or base.seal_image,
            smtp_url=environ.get("SMTP_URL") or base.smtp_url,
            mail_from=environ.get("MAIL_FROM") or base.mail_from,
            sms_url=environ.get("SMS_URL") or base.sms_url,
            base_url=(environ.get("BASE_URL") or base.base_url).rstrip("/"),
            public_rate_limit=_count("PUBLIC_RATE_LIMIT", environ, base.public_rate_limit),
            public_cache_seconds=_count("PUBLIC_CACHE_SECONDS", environ, base.public_cache_seconds),
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def owner_url(self) -> str:
        """Where migrations run: as the tables' owner."""
        return self.migration_database_url or self.database_url

    @property
    def application_role(self) -> str:
        """The role the service connects as when it is not the tables' owner, else ""."""
        if not self.migration_database_url:
            return ""
        role = make_url(self.database_url).username or ""
        return "" if role == make_url(self.migration_database_url).username else role

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def validate(self) -> None:
        """Raise ConfigurationError with a sentence saying what to set."""
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"TIMEZONE={self.timezone!r} is not a known time zone, "
                "e.g. set TIMEZONE=Asia/Shanghai"
            ) from None
        if not self.database_url.startswith(("sqlite", "postgresql")):
            raise ConfigurationError(
                "DATABASE_URL must be sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
            )
        if self.token_hours <= 0:
            raise ConfigurationError("TOKEN_HOURS must be a positive number of hours")
        if not 0 <= self.trusted_proxies <= 10:
            raise ConfigurationError(
                "TRUSTED_PROXIES must count the reverse proxies in front of the service (0 to 10)"
            )
        self._validate_channels()
        if self.public_rate_limit < 1:
            raise ConfigurationError("PUBLIC_RATE_LIMIT must be at least 1 request a minute")
        if self.password_cost not in ("standard", "fast"):
            raise ConfigurationError("password_cost must be 'standard' or 'fast'")

    def _validate_channels(self) -> None:
        for name, url in (("SMTP_URL", self.smtp_url), ("SMS_URL", self.sms_url)):
            try:
                urlsplit(url).port  # noqa: B018 - a bad port raises here
            except ValueError:
                raise ConfigurationError(f"{name} has a port that is not a number") from None
        if self.smtp_url and urlsplit(self.smtp_url).scheme not in ("smtp", "smtps"):
            raise ConfigurationError(
                "SMTP_URL must be smtp://USER:PASSWORD@HOST:PORT or smtps://USER:PASSWORD@HOST:PORT"
            )
        if self.smtp_url and not urlsplit(self.smtp_url).hostname:
            raise ConfigurationError("SMTP_URL must name the mail server, e.g. smtp://mail.example")
        if self.smtp_url and "@" not in self.mail_from:
            raise ConfigurationError("MAIL_FROM must be the sender's address when SMTP_URL is set")
        for name, url in (("SMS_URL", self.sms_url), ("BASE_URL", self.base_url)):
            if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
                raise ConfigurationError(f"{name} must be an http:// or https:// address")
