"""Settings, read from CROSSROADS_* environment variables with safe local defaults.

Secrets (master keys, the session secret, the audit keys, the SMTP password) come from the
environment in production and from files in the data folder for the embedded default.
"""

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """`database_url` wins; without it the embedded SQLite file lives in `data_dir`."""

    model_config = SettingsConfigDict(env_prefix="CROSSROADS_")

    data_dir: Path = Path("data")
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = "http://127.0.0.1:8000"  # the address links in emails point to
    # Master keys as `id:base64key` separated by commas; the last wraps new data keys.
    master_keys: str | None = None
    master_key_file: Path | None = None
    secret_key: str | None = None  # signs CSRF tokens; a file in data_dir when unset
    # Audit keys as `id:base64key` separated by commas (the last links new entries), and the
    # Ed25519 key that signs checkpoints, base64; files in data_dir when unset.
    audit_keys: str | None = None
    audit_signing_key: str | None = None
    cookie_secure: bool = True
    # A browser session unused for this long is signed out; it lasts seven days at most anyway.
    session_idle_minutes: int = Field(default=30, ge=1)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Crossroads <crossroads@localhost>"
    cancellation_notice_hours: int = 24  # how late a client may still cancel or move a booking
    # The Jitsi Meet server whose rooms online bookings get, one unguessable room each; a
    # practice sets its own self-hosted server here.
    video_base_url: str = Field(
        default="https://meet.jit.si", pattern=r"^https://[^\s/]+(/[^\s]*)?$"
    )
    # How far ahead a client may book, and how many upcoming bookings one client may hold with
    # one practitioner and in all (booking/rules/limits.py has the same defaults).
    booking_horizon_days: int = Field(default=90, ge=1, le=3650)
    bookings_per_practitioner: int = Field(default=4, ge=1)
    bookings_per_client: int = Field(default=8, ge=1)
    # How many years a practice keeps a session note from the day it was written, unless the
    # practitioner sets their own (their records page); licensing rules often ask for 7.
    records_kept_years: int = Field(default=7, ge=1, le=50)
    # How long a worker holds the messages it claimed; a worker that dies loses them after it.
    outbox_lease_seconds: int = Field(default=300, ge=2)
    # Addresses of the reverse proxies whose X-Forwarded-For and -Proto headers are believed.
    forwarded_allow_ips: str | None = None
    log_format: Literal["text", "json"] = "text"  # json: one object per line, for a collector
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @cached_property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'crossroads.db'}"

    @property
    def master_key_path(self) -> Path:
        return self.master_key_file or self.data_dir / "master.keys"

    @property
    def secret_key_path(self) -> Path:
        return self.data_dir / "secret.key"

    @property
    def audit_key_path(self) -> Path:
        return self.data_dir / "audit.keys"

    @property
    def audit_signing_key_path(self) -> Path:
        return self.data_dir / "audit-signing.key"
