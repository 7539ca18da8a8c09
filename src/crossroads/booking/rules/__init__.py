"""The pure rules of booking: practitioner profiles, matching, opening hours and free times, and
how many bookings one client may hold."""
