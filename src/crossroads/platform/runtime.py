"""Everything a running Crossroads needs at hand: settings, the database, keys and secrets."""

from dataclasses import dataclass
from datetime import UTC, datetime

from crossroads.platform.config import Settings
from crossroads.platform.database import Database, open_database
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.secrets import load_master_keys, load_secret_key
from crossroads.security.encryption import MasterKeys
from crossroads.text.classifier import shared_classifier


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    database: Database
    master_keys: MasterKeys
    secret: bytes


def open_runtime(settings: Settings, *, serving: bool = False) -> Runtime:
    """The runtime for `settings`. On a migrated database it also makes sure the outbox has a
    key to seal mail to (`crossroads db upgrade` does the same on a new one). A web process
    (`serving`) loads the text model before it answers anyone: loading holds Python's global
    lock for up to a second, which would stall every request if a first entry or import did."""
    if serving:
        shared_classifier().embed(["Crossroads is starting."])
    database = open_database(settings)
    master_keys = load_master_keys(settings)
    if database.is_current():
        with database.transaction() as session:
            publish_outbox_key(session, master_keys, datetime.now(UTC))
    return Runtime(
        settings=settings,
        database=database,
        master_keys=master_keys,
        secret=load_secret_key(settings),
    )
