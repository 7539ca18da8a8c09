"""The account pages: signing up and in, recovery, the second factor, and the account page."""
