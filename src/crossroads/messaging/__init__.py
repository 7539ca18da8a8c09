"""Secure messages between a client and a practitioner: one thread for each pair, sealed under
the client's key, a short enquiry before any booking, and the measured time to a reply."""
