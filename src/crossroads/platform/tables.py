"""Every table module, imported so Base.metadata is complete for migrations and schema checks."""

from crossroads.store import consents as consents
