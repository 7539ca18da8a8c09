"""Every table module, imported so Base.metadata is complete for migrations and schema checks."""

from crossroads.store import audit as audit
from crossroads.store import consents as consents
from crossroads.store import keys as keys
from crossroads.store import outbox as outbox
from crossroads.store import people as people
