"""Settings, read from CROSSROADS_* environment variables with safe local defaults."""

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """`database_url` wins; without it the embedded SQLite file lives in `data_dir`."""

    model_config = SettingsConfigDict(env_prefix="CROSSROADS_")

    data_dir: Path = Path("data")
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000

    @cached_property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'crossroads.db'}"
