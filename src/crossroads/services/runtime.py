"""Everything a running Crossroads needs at hand: settings, the database, keys and secrets."""

from dataclasses import dataclass

from crossroads.config import Settings
from crossroads.security.encryption import MasterKeys
from crossroads.services.database import Database, open_database
from crossroads.services.secrets import load_master_keys, load_secret_key


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    database: Database
    master_keys: MasterKeys
    secret: bytes


def open_runtime(settings: Settings) -> Runtime:
    return Runtime(
        settings=settings,
        database=open_database(settings),
        master_keys=load_master_keys(settings),
        secret=load_secret_key(settings),
    )
