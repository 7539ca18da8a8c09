"""A trusted person: a client invites a loved one or a support-group contact by email to see
what the client chooses (the safety plan, a weekly summary of moods) through a link that needs
no account; every view is in the client's access log, and stopping takes effect at once."""
