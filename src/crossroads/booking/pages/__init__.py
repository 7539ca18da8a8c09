"""The booking pages: the directory, a practitioner's own listing, and a person's bookings."""
