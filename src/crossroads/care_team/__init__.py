"""A client's care team: the practitioners who work with them, who may see one another with the
client's consent, and the coordination note they share."""
