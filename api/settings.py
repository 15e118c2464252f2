"""All configuration in one place, read from FORUM_* environment variables (or a .env file)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.accounts.sessions import SessionLimits
from api.accounts.throttle import Limit, LoginThrottle
from api.http.forwarded import trusted_networks
from api.mail.sending import Mailer
from domain.permissions import Actor, Role
from domain.tracker import Tracker
from persistence.append_only import events_table
from persistence.sealing import Policy, Sealer, signing_key
from projections.health import Limits


class Settings(BaseSettings):
    """forum-tracker's settings. Without FORUM_DATABASE_URL the store is an SQLite file."""

    model_config = SettingsConfigDict(env_prefix="FORUM_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="postgresql://user:password@host:5432/dbname (PostgreSQL) or sqlite:///path/file.sqlite3.",
    )
    data_dir: Path = Path("data")
    documents_dir: Path | None = Field(
        default=None,
        description="Folder of attached documents (default: beside the SQLite file; DATA_DIR/documents on PostgreSQL).",
    )
    document_max_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1, le=2**31, description="The largest document that may be attached (bytes)."
    )
    postgres_schema: str | None = None
    pool_size: int = Field(default=5, ge=1, description="PostgreSQL connections kept open per process.")
    max_overflow: int = Field(default=5, ge=0, description="Extra PostgreSQL connections under load.")
    cache_size: int = Field(
        default=100, ge=0, description="Aggregates of each use (read, written) kept in memory per process (0: none)."
    )
    user: str = Field(default="lokal-koordinator", description="The acting user when --as is not given.")
    cli_role: Role = Field(default="coordinator", description="The command line's role (a local coordinator).")
    cli_party: str | None = Field(default=None, description="The command line's party, for the role 'party'.")
    contracts_dir: Path = Path("contracts")
    follow_projections: bool = Field(
        default=True,
        description="Keep the views up to date inside the server (off when `forum projections run` does it).",
    )
    freeze_start_up: bool = Field(
        default=True,
        description="Keep the objects alive once the server has started out of the collector's full passes "
        "(api/start_up.py). Off in the test suite, whose one process starts and drops many apps.",
    )
    projection_page_size: int = Field(
        default=20_000, ge=1, le=1_000_000, description="Events per projection transaction (smaller: shorter locks)."
    )
    follower_max_outage: float = Field(
        default=300.0,
        ge=0,
        description="Seconds a follower retries a lost database before it exits non-zero (for a supervisor).",
    )
    follower_exit_process: bool = Field(
        default=False,
        description="When the in-process follower gives up, stop the server too (`forum serve` sets it).",
    )
    health_max_staleness: float = Field(
        default=30.0, ge=0, description="Seconds the views may lag the head before /health answers 503."
    )
    health_follower_timeout: float = Field(
        default=15.0, gt=0, description="Seconds without a follower's heartbeat before /health answers 503."
    )
    seal_key_file: Path | None = Field(
        default=None,
        description="Ed25519 key (PEM) signing checkpoints; made on first use (default DATA_DIR/seal-key.pem).",
    )
    seal_checkpoint_events: int = Field(default=1000, ge=1, description="Sign a checkpoint after this many new seals…")
    seal_checkpoint_seconds: float = Field(default=300.0, gt=0, description="…or this many seconds after the last one.")
    owner_database_url: str | None = Field(
        default=None, description="PostgreSQL URL of the role that owns the tables (`forum db setup` only)."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(
        default=None, description="The address users reach the site at (https://… makes cookies Secure; mail links)."
    )
    trusted_proxies: str = Field(
        default="", description="Comma-separated proxy addresses/networks whose X-Forwarded-For/-Proto are believed."
    )
    session_idle_minutes: int = Field(default=60, ge=1, description="A web session ends after this long unused.")
    session_max_hours: int = Field(default=12, ge=1, description="A web session ends this long after sign-in.")
    login_attempts_per_client: int = Field(default=20, ge=1, description="Failed sign-ins per address per window.")
    login_attempts_per_account: int = Field(default=5, ge=1, description="Failed sign-ins per account per window.")
    login_window_minutes: int = Field(default=15, ge=1, description="The window of the sign-in limits.")
    token_login: bool = Field(default=True, description="The log-in page also accepts an API token (developers).")
    oidc_issuer: str | None = Field(default=None, description="The organisation's OpenID Connect issuer URL.")
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_claim: str = Field(default="email", description="The ID token's claim holding the user's e-mail address.")
    oidc_name: str = Field(default="organisationens login", description="The provider's name on the log-in page.")
    smtp_host: str | None = Field(default=None, description="Mail server for password links (none: no e-mail).")
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="none", description="Mail server connection: none (port 25), starttls (587) or tls (465)."
    )
    mail_from: str = "forum-tracker@localhost"
    reminders_at: str | None = Field(
        default=None, description="Send reminders every day at HH:MM Danish time inside `forum serve` (none: off)."
    )
    reminders_days: int = Field(default=14, ge=1, le=366, description="A digest lists what falls due within N days.")
    password_reset_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60, description="How long a reset link works.")

    @field_validator("reminders_at")
    @classmethod
    def _reminders_at_is_a_time(cls, value: str | None) -> str | None:
        if value in (None, "", "off"):
            return None
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError(f"FORUM_REMINDERS_AT skal være et klokkeslæt som 07:00 (eller tom), ikke '{value}'")
        return f"{int(hours):02d}:{int(minutes):02d}"

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        try:
            trusted_networks(value)
        except ValueError as e:
            raise ValueError(f"FORUM_TRUSTED_PROXIES skal være adresser eller net adskilt af komma: {e}") from None
        return value

    def session_limits(self) -> SessionLimits:
        return SessionLimits(idle=self.session_idle_minutes * 60, absolute=self.session_max_hours * 3600)

    def login_throttle(self) -> LoginThrottle:
        window = self.login_window_minutes * 60
        return LoginThrottle(
            Limit(self.login_attempts_per_client, window), Limit(self.login_attempts_per_account, window)
        )

    def mailer(self) -> Mailer:
        return Mailer(
            self.smtp_host, self.smtp_port, self.mail_from, self.smtp_username, self.smtp_password, self.smtp_starttls,
            self.smtp_security,
        )  # fmt: skip

    def actor(self, name: str | None = None) -> Actor:
        """Who the command line acts as: the user named by --as (or FORUM_USER), with the CLI's role."""
        return Actor(name or self.user, self.cli_role, self.cli_party)

    def store_env(self) -> dict[str, str]:
        """The eventsourcing environment for the configured store."""
        env = self._store_env()
        env["FORUM_DOCUMENT_MAX_BYTES"] = str(self.document_max_bytes)
        if self.documents_dir is not None:
            env["FORUM_DOCUMENTS_DIR"] = str(self.documents_dir)
        elif env["PERSISTENCE_MODULE"].endswith("postgres"):
            env["FORUM_DOCUMENTS_DIR"] = str(self.data_dir / "documents")
        return env

    def _store_env(self) -> dict[str, str]:
        url = self.database_url or f"sqlite:///{self.data_dir / 'forum.sqlite3'}"
        parsed = urlparse(url)
        if parsed.scheme == "sqlite":
            path = Path(unquote(parsed.path.removeprefix("/")) if url.startswith("sqlite:///") else parsed.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "FORUM_CACHE_SIZE": str(self.cache_size),
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        if parsed.scheme in {"postgresql", "postgres"}:
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "FORUM_CACHE_SIZE": str(self.cache_size),
                "POSTGRES_DBNAME": parsed.path.lstrip("/") or "postgres",
                "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(parsed.port or 5432),
                "POSTGRES_USER": unquote(parsed.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(parsed.password or ""),
                "POSTGRES_POOL_SIZE": str(self.pool_size),
                "POSTGRES_MAX_OVERFLOW": str(self.max_overflow),
                "POSTGRES_CONNECT_TIMEOUT": "5",
                "POSTGRES_LOCK_TIMEOUT": "5",
                # A pooled connection is checked before use: after a restart of PostgreSQL a dead one is
                # replaced instead of failing the next requests.
                "POSTGRES_PRE_PING": "y",
            }
            if self.postgres_schema:
                env["POSTGRES_SCHEMA"] = self.postgres_schema
            return env
        raise ValueError(f"FORUM_DATABASE_URL skal begynde med postgresql:// eller sqlite:///, ikke '{url}'")

    def seal_key_path(self) -> Path:
        return self.seal_key_file or self.data_dir / "seal-key.pem"

    def sealer(self, tracker: Tracker) -> Sealer:
        """The sealer of this store, signing with the configured key (made on first use)."""
        policy = Policy(self.seal_checkpoint_events, self.seal_checkpoint_seconds)
        return Sealer(self.store_env(), events_table(tracker.recorder), signing_key(self.seal_key_path()), policy)

    def health_limits(self) -> Limits:
        return Limits(self.health_max_staleness, self.health_follower_timeout)

    def store_name(self) -> str:
        env = self.store_env()
        if env["PERSISTENCE_MODULE"].endswith("sqlite"):
            return f"SQLite ({env['SQLITE_DBNAME']})"
        schema = f", skema {self.postgres_schema}" if self.postgres_schema else ""
        return f"PostgreSQL ({env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}{schema})"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def open_tracker(settings: Settings) -> Tracker:
    return Tracker(settings.store_env(), clock=date.today)
