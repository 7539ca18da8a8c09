"""Every table module, imported so Base.metadata is complete for migrations and schema checks."""
