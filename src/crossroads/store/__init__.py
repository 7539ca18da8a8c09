"""Tables not yet moved into a feature: the grants between clients and practitioners."""
