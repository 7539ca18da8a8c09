"""Booking's use cases: the directory and its imports, bookings, reminders and calendar files."""
